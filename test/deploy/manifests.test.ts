import { describe, expect, it } from "vitest";
import type { TargetFiles } from "../../src/cluster/load-target.js";
import { bundleObjects, refusePlaceholders } from "../../src/deploy/manifests.js";
import { composeBundle } from "../../src/render/bundle.js";
import type { Credentials } from "../../src/render/options.js";
import { CREDENTIALS, exampleModel, OPTIONS } from "../support/models.js";

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

describe("refusePlaceholders", () => {
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
