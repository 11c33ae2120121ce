import { describe, expect, it } from "vitest";
import { composeBundle } from "../../../src/render/bundle.js";
import { checkovSkips } from "../../../src/render/k8s/checkov-skips.js";
import type { Deployment } from "../../../src/render/k8s/types.js";
import { EXAMPLES, exampleModel, openMtlsModel, OPTIONS } from "../../support/models.js";
import { documentsOf } from "./fixtures.js";

const PROFILES = [
  ["wosp", exampleModel],
  ["open-mtls", openMtlsModel],
] as const;
const CASES = PROFILES.flatMap(([profile, modelOf]) =>
  EXAMPLES.map((name) => [`${name} (${profile})`, modelOf(name)] as const),
);

describe.each(CASES)("%s: the Checkov checks lane7 skips", (_name, model) => {
  const files = composeBundle(model, OPTIONS);
  const skips = checkovSkips(model);

  it("are on every Deployment, each as <id>=<reason> with no other '=' Checkov would split at", () => {
    const deployments = files
      .filter((file) => file.path.endsWith("/03-deployment.yaml"))
      .flatMap((file) => documentsOf(file.content))
      .filter((document): document is Deployment => (document as Deployment).kind === "Deployment");
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const annotated = Object.entries(deployment.metadata?.annotations ?? {})
        .filter(([key]) => key.startsWith("checkov.io/skip"))
        .map(([, value]) => value.split("="));
      expect(annotated).toEqual(skips.map((skip) => [skip.id, skip.reason]));
    }
  });

  it("are listed, each with its reason, in the README's security posture", () => {
    const readme = files.find((file) => file.path === "README.md")?.content ?? "";
    const security = readme.slice(readme.indexOf("## Security posture"), readme.indexOf("## Deploy"));
    const listed = security.split("\n").filter((line) => line.startsWith("| `CKV_"));
    expect(listed).toEqual(skips.map((skip) => `| \`${skip.id}\` ${skip.check} | ${skip.reason} |`));
  });
});

describe("each profile skips only what its Deployments fail", () => {
  it("open-mtls has no Web Retriever without probes and no secret in the environment to excuse", () => {
    const ids = (model: ReturnType<typeof exampleModel>) => checkovSkips(model).map((skip) => skip.id);
    expect(ids(exampleModel("bi-pod"))).toEqual([
      "CKV_K8S_8",
      "CKV_K8S_9",
      "CKV_K8S_15",
      "CKV_K8S_35",
      "CKV_K8S_43",
    ]);
    expect(ids(openMtlsModel("bi-pod"))).toEqual(["CKV_K8S_15", "CKV_K8S_43"]);
    expect(
      checkovSkips(openMtlsModel("bi-pod"))
        .map((skip) => skip.reason)
        .join(" "),
    ).not.toMatch(/WoSP|Web Retriever/);
  });
});
