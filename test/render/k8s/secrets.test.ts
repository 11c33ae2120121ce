import { describe, expect, test } from "vitest";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import {
  containsPlaceholder,
  PLACEHOLDER_PREFIX,
  renderPodManifests,
  renderSecrets,
} from "../../../src/render/k8s/index.js";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import type { RenderOptions } from "../../../src/render/options.js";
import { documentsOf, ENVOY_YAML } from "./fixtures.js";
import { exampleModels, modelFromText, openMtlsModel } from "../../support/models.js";
import type { Deployment, Secret } from "../../../src/render/k8s/types.js";

const DEFAULTS = defaultRenderOptions("0.0.0-test");
const [, MODEL] = exampleModels().find(([file]) => file === "agentic-ai.yaml") ?? [];
if (!MODEL) throw new Error("agentic-ai.yaml is a catalog example");
const model = MODEL;

/** Distinct, recognisable values, so a leak anywhere is found by a substring search. */
const SECRET_VALUES = {
  license: "lic-7f3a9c-LICENSE",
  apiToken: "tok-51be02-TOKEN",
  pullJson: '{"auths":{"registry.hopr.co":{"auth":"cHVsbC1zZWNyZXQtdmFsdWU="}}}',
};
const keyOf = (podId: string) => `key-${podId}-e4d1`;
const CONFIGURED: RenderOptions = {
  ...DEFAULTS,
  credentials: {
    license: SECRET_VALUES.license,
    apiToken: SECRET_VALUES.apiToken,
    keys: Object.fromEntries(model.pods.map((pod) => [pod.id, keyOf(pod.id)])),
  },
  imagePullSecret: { name: "hopr-registry", dockerConfigJson: SECRET_VALUES.pullJson },
};
const allSecretValues = [...Object.values(SECRET_VALUES), ...model.pods.map((pod) => keyOf(pod.id))];

const filesOf = (options: RenderOptions) =>
  model.pods.map((pod) => ({ pod, files: renderPodManifests(model, pod, options, ENVOY_YAML) }));
const secretsOf = (content: string) => documentsOf(content) as Secret[];
/** In the wosp profile every object of 02-secrets.yaml is a Secret. */
const woSPSecrets = (network: BlueprintModel, pod: PodModel, options: RenderOptions) =>
  renderSecrets(network, pod, options) as Secret[];

describe("without credentials", () => {
  test("every credential is a marked placeholder; CHIPS_ALGORITHM is the mode's", () => {
    for (const pod of model.pods) {
      expect(woSPSecrets(model, pod, DEFAULTS).map((secret) => secret.stringData)).toEqual([
        {
          HOPR_LICENSE: `${PLACEHOLDER_PREFIX}HOPR_LICENSE`,
          HOPR_KEY: `${PLACEHOLDER_PREFIX}HOPR_KEY`,
          CHIPS_ALGORITHM: "xtra4",
          HOPR_API_TOKEN: `${PLACEHOLDER_PREFIX}HOPR_API_TOKEN`,
        },
      ]);
    }
  });

  test("the placeholders are in the secrets files only, and findable there", () => {
    for (const { files } of filesOf(DEFAULTS)) {
      expect(files.map((file) => containsPlaceholder(file.content))).toEqual([false, true, false]);
    }
  });

  test("armored-car networks carry xtra7", () => {
    const [, carModel] = exampleModels().find(([file]) => file === "tri-pod-fan-out.yaml") ?? [];
    const pod = carModel?.pods[0];
    if (!carModel || !pod) throw new Error("tri-pod-fan-out.yaml is a catalog example");
    expect(woSPSecrets(carModel, pod, DEFAULTS)[0]?.stringData?.CHIPS_ALGORITHM).toBe("xtra7");
  });
});

describe("with credentials and an image-pull secret", () => {
  test("each value stands exactly where it belongs, each pod with its own HOPR_KEY", () => {
    for (const { pod, files } of filesOf(CONFIGURED)) {
      const [woSP, pull, ...rest] = secretsOf(files[1]?.content ?? "");
      expect(rest).toEqual([]);
      expect(woSP?.metadata).toMatchObject({ name: `${pod.id}-wosp-credentials`, namespace: pod.namespace });
      expect(woSP?.type).toBe("Opaque");
      expect(woSP?.stringData).toEqual({
        HOPR_LICENSE: SECRET_VALUES.license,
        HOPR_KEY: keyOf(pod.id),
        CHIPS_ALGORITHM: "xtra4",
        HOPR_API_TOKEN: SECRET_VALUES.apiToken,
      });
      expect(pull?.metadata).toMatchObject({ name: "hopr-registry", namespace: pod.namespace });
      expect(pull?.type).toBe("kubernetes.io/dockerconfigjson");
      expect(pull?.stringData).toEqual({ ".dockerconfigjson": SECRET_VALUES.pullJson });
      const others = model.pods.filter((other) => other.id !== pod.id).map((other) => keyOf(other.id));
      for (const key of others) expect(files[1]?.content).not.toContain(key);
      expect(containsPlaceholder(files[1]?.content ?? "")).toBe(false);
    }
  });

  test("no secret value appears in the namespace or workload files", () => {
    for (const { files } of filesOf(CONFIGURED)) {
      for (const file of [files[0], files[2]]) {
        for (const value of allSecretValues) expect(file?.content, file?.path).not.toContain(value);
      }
    }
  });

  test("the Deployment references the pull secret by name and the sidecar reads the WoSP secret", () => {
    for (const { pod, files } of filesOf(CONFIGURED)) {
      const deployment = documentsOf(files[2]?.content ?? "").at(-1) as Deployment;
      const spec = deployment.spec?.template.spec;
      expect(spec?.imagePullSecrets).toEqual([{ name: "hopr-registry" }]);
      const withSecrets = spec?.containers.filter((container) => container.envFrom);
      expect(withSecrets?.map((container) => [container.name, container.envFrom])).toEqual([
        ["xtra-wasm", [{ secretRef: { name: `${pod.id}-wosp-credentials` } }]],
      ]);
    }
  });

  test("without an image-pull secret there is neither the Secret nor the reference", () => {
    const noPull = { ...CONFIGURED, imagePullSecret: null };
    for (const { files } of filesOf(noPull)) {
      expect(secretsOf(files[1]?.content ?? "")).toHaveLength(1);
      const deployment = documentsOf(files[2]?.content ?? "").at(-1) as Deployment;
      expect(deployment.spec?.template.spec).not.toHaveProperty("imagePullSecrets");
    }
  });

  test("a pod missing from the keys gets a placeholder key, and only that pod", () => {
    const [first, second] = model.pods;
    if (!first || !second) throw new Error("agentic-ai has pods");
    const partial: RenderOptions = {
      ...CONFIGURED,
      credentials: { license: "l", apiToken: "t", keys: { [second.id]: "k" } },
    };
    expect(woSPSecrets(model, first, partial)[0]?.stringData?.HOPR_KEY).toBe(`${PLACEHOLDER_PREFIX}HOPR_KEY`);
    expect(woSPSecrets(model, second, partial)[0]?.stringData?.HOPR_KEY).toBe("k");
  });
});

test("a pod named like an Object.prototype member reads only its own HOPR_KEY", () => {
  const network = modelFromText(
    "proto.yaml",
    `apiVersion: lane7/v1
kind: Network
metadata: { name: proto }
spec:
  pods: [{ id: constructor, role: initiator }, { id: sink, role: terminator }]
  edges: [{ from: constructor, to: sink }]
`,
  );
  const pod = network.pods[0];
  if (!pod) throw new Error("the network has pods");
  const credentials = { license: "l", apiToken: "t", keys: { sink: "k" } };
  const [secret] = woSPSecrets(network, pod, { ...DEFAULTS, credentials });
  expect(secret?.stringData?.HOPR_KEY).toBe(`${PLACEHOLDER_PREFIX}HOPR_KEY`);
});

describe("in the open-mtls profile", () => {
  const open = openMtlsModel("agentic-ai.yaml");

  test("02-secrets.yaml holds the pod's Certificate and no WoSP credential, whatever is configured", () => {
    for (const pod of open.pods) {
      const [manifest] = renderPodManifests(open, pod, CONFIGURED, ENVOY_YAML).filter((file) =>
        file.path.endsWith("02-secrets.yaml"),
      );
      const documents = documentsOf(manifest?.content ?? "") as {
        kind: string;
        metadata: { name: string };
      }[];
      expect(documents.map((d) => [d.kind, d.metadata.name])).toEqual([
        ["Certificate", `${pod.id}-workload`],
        ["Secret", "hopr-registry"],
      ]);
      expect(manifest?.content).not.toMatch(/HOPR_|CHIPS_ALGORITHM/);
      for (const value of [SECRET_VALUES.license, SECRET_VALUES.apiToken, keyOf(pod.id)])
        expect(manifest?.content).not.toContain(value);
    }
  });
});
