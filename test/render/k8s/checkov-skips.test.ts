import { describe, expect, it } from "vitest";
import { composeBundle } from "../../../src/render/bundle.js";
import { CHECKOV_SKIPS, checkovSkips } from "../../../src/render/k8s/checkov-skips.js";
import type { Deployment } from "../../../src/render/k8s/types.js";
import type { BundleFile } from "../../../src/render/file.js";
import { composeExample } from "../../support/bundle.js";
import { openMtlsExamples } from "../../support/findings.js";
import { EXAMPLES, modelFromText, OPTIONS } from "../../support/models.js";
import { documentsOf } from "./fixtures.js";

const OPEN_MTLS_SKIPS = checkovSkips({
  profile: "open-mtls",
  certificateHours: 24,
  certManagerNamespace: "cert-manager",
});

describe("the Checkov checks of each security profile", () => {
  it("wosp: every check of the list; open-mtls: the image checks only, naming neither WoSP nor the Web Retriever", () => {
    expect(checkovSkips({ profile: "wosp" })).toBe(CHECKOV_SKIPS);
    expect(OPEN_MTLS_SKIPS.map((skip) => skip.id)).toEqual(["CKV_K8S_15", "CKV_K8S_43"]);
    expect(JSON.stringify(OPEN_MTLS_SKIPS)).not.toMatch(/wosp|web retriever/i);
  });
});

const CASES: [string, () => BundleFile[], readonly { id: string; check: string; reason: string }[]][] = [
  ...EXAMPLES.map((name): (typeof CASES)[number] => [name, () => composeExample(name), CHECKOV_SKIPS]),
  ...openMtlsExamples().map(({ file, text }): (typeof CASES)[number] => [
    file,
    () => composeBundle(modelFromText(file, text), OPTIONS),
    OPEN_MTLS_SKIPS,
  ]),
];

describe.each(CASES)("%s: the Checkov checks lane7 skips", (_name, compose, expected) => {
  const files = compose();

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
      expect(skips).toEqual(expected.map((skip) => [skip.id, skip.reason]));
    }
  });

  it("are listed, each with its reason, in the README's security posture", () => {
    const readme = files.find((file) => file.path === "README.md")?.content ?? "";
    const security = readme.slice(readme.indexOf("## Security posture"), readme.indexOf("## Deploy"));
    const listed = security.split("\n").filter((line) => line.startsWith("| `CKV_"));
    expect(listed).toEqual(expected.map((skip) => `| \`${skip.id}\` ${skip.check} | ${skip.reason} |`));
  });
});
