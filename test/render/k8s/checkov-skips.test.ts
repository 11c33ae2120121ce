import { describe, expect, it } from "vitest";
import { CHECKOV_SKIPS } from "../../../src/render/k8s/checkov-skips.js";
import type { Deployment } from "../../../src/render/k8s/types.js";
import { composeExample } from "../../support/bundle.js";
import { EXAMPLES } from "../../support/models.js";
import { documentsOf } from "./fixtures.js";

describe.each(EXAMPLES)("%s: the Checkov checks lane7 skips", (name) => {
  const files = composeExample(name);

  it("are on every Deployment, each as <id>=<reason> with no other '=' Checkov would split at", () => {
    const deployments = files
      .filter((file) => file.path.endsWith("/03-deployment.yaml"))
      .flatMap((file) => documentsOf(file.content))
      .filter((document): document is Deployment => (document as Deployment).kind === "Deployment");
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const skips = Object.entries(deployment.metadata?.annotations ?? {})
        .filter(([key]) => key.startsWith("checkov.io/skip"))
        .map(([, value]) => value.split("="));
      expect(skips).toEqual(CHECKOV_SKIPS.map((skip) => [skip.id, skip.reason]));
    }
  });

  it("are listed, each with its reason, in the README's security posture", () => {
    const readme = files.find((file) => file.path === "README.md")?.content ?? "";
    const security = readme.slice(readme.indexOf("## Security posture"), readme.indexOf("## Deploy"));
    const listed = security.split("\n").filter((line) => line.startsWith("| `CKV_"));
    expect(listed).toEqual(CHECKOV_SKIPS.map((skip) => `| \`${skip.id}\` ${skip.check} | ${skip.reason} |`));
  });
});
