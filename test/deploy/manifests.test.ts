import { describe, expect, it } from "vitest";
import type { TargetFiles } from "../../src/cluster/load-target.js";
import { bundleObjects, refusePlaceholders } from "../../src/deploy/manifests.js";
import { composeBundle } from "../../src/render/bundle.js";
import type { Credentials, RenderOptions } from "../../src/render/options.js";
import { CREDENTIALS, exampleModel, openMtlsModel, OPTIONS } from "../support/models.js";

function bundleOf(name: string, credentials: Credentials | null, composed = false): TargetFiles {
  const model = exampleModel(name);
  const files = new Map(
    composeBundle(model, { ...OPTIONS, credentials }).map((file) => [file.path, file.content]),
  );
  return { source: name, composed, model, files, warnings: [] };
}

const allKeys = (model: ReturnType<typeof exampleModel>) => ({
  ...CREDENTIALS,
  keys: Object.fromEntries(model.pods.map((pod) => [pod.id, `KEY-${pod.id}`])),
});

describe("bundleObjects", () => {
  it("namespaces, secrets, configuration and services, deployments; downstream pods first in each step", () => {
    const bundle = bundleOf("agentic-ai", null);
    const objects = bundleObjects(bundle);
    const steps = objects.map((entry) => entry.object.kind);
    const firstDeployment = steps.indexOf("Deployment");
    expect(steps.lastIndexOf("Namespace")).toBeLessThan(steps.indexOf("Secret"));
    expect(steps.lastIndexOf("Secret")).toBeLessThan(steps.indexOf("ConfigMap"));
    expect(
      Math.max(
        steps.lastIndexOf("ConfigMap"),
        steps.lastIndexOf("Service"),
        steps.lastIndexOf("NetworkPolicy"),
      ),
    ).toBeLessThan(firstDeployment);
    const deployments = objects
      .filter((entry) => entry.object.kind === "Deployment")
      .map((entry) => entry.pod);
    expect(deployments).toEqual(bundle.model.deployOrder);
    expect(deployments[0]).toBe("ai-results-sink");
    expect(objects.filter((entry) => entry.object.kind === "Namespace").map((entry) => entry.pod)).toEqual(
      bundle.model.deployOrder,
    );
  });

  it("a document that is not a Kubernetes object is refused", () => {
    const bundle = bundleOf("bi-pod", null);
    const files = new Map(bundle.files).set("pod-1/03-deployment.yaml", "just: text\n");
    expect(() => bundleObjects({ ...bundle, files })).toThrow(
      "bi-pod: pod-1/03-deployment.yaml: a document is not a Kubernetes object (apiVersion, kind, metadata.name)",
    );
  });
});

function openBundleOf(name: string, options: RenderOptions = OPTIONS): TargetFiles {
  const model = openMtlsModel(name);
  const files = new Map(composeBundle(model, options).map((file) => [file.path, file.content]));
  return { source: name, composed: false, model, files, warnings: [] };
}

describe("bundleObjects (open-mtls)", () => {
  it("the certificate authority first, then each pod's Certificate in the secrets step", () => {
    const objects = bundleObjects(openBundleOf("bi-pod"));
    expect(objects.slice(0, 3).map((entry) => [entry.pod, entry.file, entry.object.kind])).toEqual([
      [null, "certificate-authority.yaml", "ClusterIssuer"],
      [null, "certificate-authority.yaml", "Certificate"],
      [null, "certificate-authority.yaml", "ClusterIssuer"],
    ]);
    const steps = objects.slice(3).map((entry) => entry.object.kind);
    expect(steps.lastIndexOf("Namespace")).toBeLessThan(steps.indexOf("Certificate"));
    expect(steps.lastIndexOf("Certificate")).toBeLessThan(steps.indexOf("ConfigMap"));
  });

  it("a bundle without its certificate-authority.yaml is refused", () => {
    const bundle = openBundleOf("bi-pod");
    const files = new Map(bundle.files);
    files.delete("certificate-authority.yaml");
    expect(() => bundleObjects({ ...bundle, files })).toThrow(
      "bi-pod: certificate-authority.yaml is missing: compose the bundle again",
    );
  });
});

describe("refusePlaceholders", () => {
  it("open-mtls has no credentials: a 02-secrets.yaml is not searched for placeholders", () => {
    const pull = { name: "regcred", dockerConfigJson: '{"auths": {"REPLACE_ME_REGISTRY": {}}}' };
    const bundle = openBundleOf("bi-pod", { ...OPTIONS, imagePullSecret: pull });
    expect(bundle.files.get("pod-1/02-secrets.yaml")).toContain("REPLACE_ME_");
    expect(() => {
      refusePlaceholders(bundle);
    }).not.toThrow();
  });

  it("names every 02-secrets.yaml that still holds a placeholder", () => {
    const bundle = bundleOf("bi-pod", null);
    const listed = bundle.model.deployOrder.map((pod) => `  ${pod}/02-secrets.yaml\n`).join("");
    expect(() => {
      refusePlaceholders(bundle);
    }).toThrow(
      `placeholder credentials (REPLACE_ME_):\n${listed}Fill them in before deploying: compose again`,
    );
    const partly = bundleOf("bi-pod", { ...CREDENTIALS, keys: { "pod-1": "KEY" } });
    expect(() => {
      refusePlaceholders(partly);
    }).toThrow(/:\n {2}pod-2\/02-secrets\.yaml\nFill them in/);
  });

  it("for a network file, the fix is --credentials", () => {
    expect(() => {
      refusePlaceholders(bundleOf("bi-pod", null, true));
    }).toThrow(/give them with --credentials FILE/);
  });

  it("lets a bundle with every credential through", () => {
    const model = exampleModel("agentic-ai");
    const files = new Map(
      composeBundle(model, { ...OPTIONS, credentials: allKeys(model) }).map((file) => [
        file.path,
        file.content,
      ]),
    );
    expect(() => {
      refusePlaceholders({ source: "x", composed: false, model, files, warnings: [] });
    }).not.toThrow();
  });
});
