import { describe, expect, test } from "vitest";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import {
  renderNamespace,
  renderPodManifests,
  renderSecrets,
  renderWorkload,
} from "../../../src/render/k8s/index.js";
import { documentsOf, ENVOY_YAML, YAML11_NETWORK } from "./fixtures.js";
import { exampleModels, modelFromText } from "../../support/models.js";

const OPTIONS = defaultRenderOptions("0.0.0-test");
const NETWORKS = [
  ...exampleModels(),
  ["yaml-1.1-ids", modelFromText("yaml-1.1-ids", YAML11_NETWORK)] as const,
];
/** Drops undefined fields, as serialization does. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe.each(NETWORKS)("%s", (_file, model) => {
  test("three files per pod under <pod.id>/, only the secrets file private", () => {
    for (const pod of model.pods) {
      const files = renderPodManifests(model, pod, OPTIONS, ENVOY_YAML);
      expect(files.map((f) => [f.path, f.mode])).toEqual([
        [`${pod.id}/01-namespace.yaml`, 0o644],
        [`${pod.id}/02-secrets.yaml`, 0o600],
        [`${pod.id}/03-deployment.yaml`, 0o644],
      ]);
    }
  });

  test("a YAML 1.1 reader gets back exactly the typed objects (no id or value turns into a bool or number)", () => {
    for (const pod of model.pods) {
      const [namespace, secrets, workload] = renderPodManifests(model, pod, OPTIONS, ENVOY_YAML);
      expect(documentsOf(namespace?.content ?? "")).toEqual([plain(renderNamespace(model, pod))]);
      expect(documentsOf(secrets?.content ?? "")).toEqual(plain(renderSecrets(model, pod, OPTIONS)));
      expect(documentsOf(workload?.content ?? "")).toEqual(
        plain(renderWorkload(model, pod, OPTIONS, ENVOY_YAML)),
      );
    }
  });

  test("every document starts apiVersion, kind, metadata", () => {
    for (const pod of model.pods) {
      for (const f of renderPodManifests(model, pod, OPTIONS, ENVOY_YAML)) {
        for (const document of documentsOf(f.content)) {
          expect(Object.keys(document as object).slice(0, 3), f.path).toEqual([
            "apiVersion",
            "kind",
            "metadata",
          ]);
        }
      }
    }
  });

  test("the same input renders the same bytes, and rendering leaves the model as it was", () => {
    const again = structuredClone(model);
    for (const [index, pod] of model.pods.entries()) {
      const first = renderPodManifests(model, pod, OPTIONS, ENVOY_YAML);
      const twin = again.pods[index];
      expect(twin).toBeDefined();
      if (twin)
        expect(renderPodManifests(again, twin, defaultRenderOptions("0.0.0-test"), ENVOY_YAML)).toEqual(
          first,
        );
    }
    expect(model).toEqual(again);
  });
});

test("ids like `on`, `no` and `y` are quoted where they stand alone", () => {
  const model = modelFromText("yaml-1.1-ids", YAML11_NETWORK);
  const pod = model.pods[0];
  if (!pod) throw new Error("fixture has pods");
  const [namespace] = renderPodManifests(model, pod, OPTIONS, ENVOY_YAML);
  expect(namespace?.content).toContain('lane7.dev/pod: "on"');
  expect(namespace?.content).toContain('lane7.dev/network: "on"');
});
