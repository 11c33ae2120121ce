import { describe, expect, it } from "vitest";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { renderTemplate } from "../../../src/render/text/engine.js";
import { templateSources } from "../../../src/render/text/templates.js";
import { composeExample } from "../../support/bundle.js";

describe("templates", () => {
  it("are read once, before rendering, by their path under templates/", () => {
    const sources = templateSources();
    expect(Object.keys(sources)).toContain("app/hooks/relay.py.hbs");
    expect(Object.keys(sources)).toContain("readme/README.md.hbs");
    expect(templateSources()).toBe(sources);
  });

  it("come to the renderers with the options: the engine reads no file", () => {
    const { templates } = defaultRenderOptions("0.0.0-test");
    const files = composeExample("bi-pod", {
      templates: { ...templates, "readme/README.md.hbs": "# {{md title}}, from the options\n" },
    });
    expect(files.find((file) => file.path === "README.md")?.content).toBe(
      "# Bi-Pod Relay, from the options\n",
    );
  });

  it("refuses a template it was not given", () => {
    expect(() => renderTemplate({}, "app/app.py.hbs", {})).toThrow("no template app/app.py.hbs");
  });
});
