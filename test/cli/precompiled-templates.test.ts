import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceHash } from "../../src/render/text/engine.js";
import { templateSources } from "../../src/render/text/templates.js";
import { ROOT } from "../support/cli.js";

/**
 * The build compiles every template into both bundles (requires `npm run build`); a template whose source
 * no longer matches is compiled at run time, correct but slower, so each must match. That the precompiled
 * templates render the same bytes is held by the end-to-end tests comparing the built CLI's bundles with
 * those composed in-process.
 */
describe("the bundles' precompiled templates", () => {
  it.each(["dist/bundle/lane7.cjs", "dist/bundle/render-worker.js"])(
    "%s holds every template, compiled from its current source",
    (bundle) => {
      const text = readFileSync(join(ROOT, bundle), "utf8");
      for (const [name, source] of Object.entries(templateSources())) {
        expect(text, name).toContain(sourceHash(source));
      }
    },
  );
});
