import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, test } from "vitest";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { resolve } from "../../../src/model/resolve.js";
import { envoyBootstrapYaml } from "../../../src/render/envoy/bootstrap.js";
import { ENVOY_CONFIG_KEY } from "../../../src/render/conventions.js";
import { renderEnvoyConfigMap } from "../../../src/render/k8s/config-map.js";
import { MODES, PROTOCOLS } from "../../../src/spec/constants.js";
import { networkArbitrary } from "../../support/arbitrary-network.js";
import { ROOT } from "../../support/cli.js";
import { envoyValidator, type EnvoyDocument, type EnvoyFindings } from "../../support/envoy-validate.js";
import { exampleModels, inMode, inOpenMtls, openMtlsExampleModels, OPTIONS } from "./fixtures.js";

/**
 * Every Envoy bootstrap lane7 writes passes Envoy's own validation rules: each pod of each example and
 * of generated networks, in both modes and in the open-mtls profile, and each one in the golden bundles,
 * as YAML text; so does every SDS file of the open-mtls ConfigMaps.
 */
const validate = envoyValidator();

interface Rendered extends EnvoyDocument {
  model: BlueprintModel;
  pod: PodModel;
}

/** Each pod of each model, in both modes (armored-car with gRPC or WebSocket too: see inMode). */
function rendered(models: readonly BlueprintModel[]): Rendered[] {
  return models.flatMap((base) =>
    MODES.flatMap((mode) => {
      const model = inMode(base, mode);
      return model.pods.map((pod) => ({
        name: `${model.name}/${mode}/${pod.id}`,
        text: envoyBootstrapYaml(model, pod, OPTIONS),
        model,
        pod,
      }));
    }),
  );
}

/** Each pod of each model in the open-mtls profile (which has no modes): the bootstrap, then its SDS files. */
function renderedOpenMtls(models: readonly BlueprintModel[]): {
  bootstraps: Rendered[];
  sds: EnvoyDocument[];
} {
  const pods = models.flatMap((model) => model.pods.map((pod) => ({ model, pod })));
  const bootstraps = pods.map(({ model, pod }) => ({
    name: `${model.name}/open-mtls/${pod.id}`,
    text: envoyBootstrapYaml(model, pod, OPTIONS),
    model,
    pod,
  }));
  const sds = bootstraps.flatMap(({ name, text, model, pod }) =>
    Object.entries(renderEnvoyConfigMap(model, pod, text).data ?? {})
      .filter(([key]) => key !== ENVOY_CONFIG_KEY)
      .map(([key, content]) => ({ name: `${name}/${key}`, text: content })),
  );
  return { bootstraps, sds };
}

const SAMPLE = fc.sample(networkArbitrary({ maxPods: 9 }), { seed: 2207, numRuns: 40 });
const EXAMPLES = rendered(exampleModels());
const GENERATED = rendered(SAMPLE.map((network) => resolve(network)));
const OPEN_EXAMPLES = renderedOpenMtls(openMtlsExampleModels());
const OPEN_GENERATED = renderedOpenMtls(SAMPLE.map((network) => resolve(inOpenMtls(network))));

/** The envoy.yaml of every ConfigMap in test/goldens/. */
function goldenBootstraps(): EnvoyDocument[] {
  const goldens = join(ROOT, "test/goldens");
  return readdirSync(goldens, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".yaml"))
    .sort()
    .flatMap((path) =>
      parseAllDocuments(readFileSync(join(goldens, path), "utf8")).flatMap((document) => {
        const object = document.toJS() as { kind?: string; data?: Record<string, string> };
        const text = object.kind === "ConfigMap" ? object.data?.["envoy.yaml"] : undefined;
        return text === undefined ? [] : [{ name: path, text }];
      }),
    );
}

const GOLDENS = goldenBootstraps();

/**
 * The one deprecated field lane7 writes: the RBAC principal `metadata`. Envoy loads it with a warning;
 * its replacement, `sourced_metadata`, is new, and an Envoy that predates it refuses it as an unknown
 * field.
 */
const KNOWN_WARNING = /\.principals\[\d+\]\.metadata: deprecated field$/;

function unexpected(findings: EnvoyFindings[]) {
  return findings
    .map(({ input, errors, warnings }) => ({
      input,
      errors,
      warnings: warnings.filter((warning) => !KNOWN_WARNING.test(warning)),
    }))
    .filter(({ errors, warnings }) => errors.length > 0 || warnings.length > 0);
}

describe.skipIf(validate === null)("Envoy's own validation rules", () => {
  const check = validate ?? (() => []);

  test("cover both modes, every protocol and both pinhole tiers, in the examples and generated networks", () => {
    for (const cases of [EXAMPLES, GENERATED]) {
      const seen = new Set(cases.map(({ model, pod }) => `${model.mode} ${pod.protocol}`));
      expect(seen).toEqual(new Set(MODES.flatMap((mode) => PROTOCOLS.map((p) => `${mode} ${p}`))));
      expect(new Set(cases.map(({ pod }) => pod.pinhole?.tier))).toEqual(new Set([undefined, 1, 2]));
    }
    expect(GENERATED.some(({ pod }) => pod.pinhole && pod.protocol === "grpc")).toBe(true);
    expect(GOLDENS.length).toBeGreaterThanOrEqual(2 + 6);
  });

  test("cover every protocol and both pinhole tiers in the open-mtls profile, with two SDS files a pod", () => {
    for (const { bootstraps, sds } of [OPEN_EXAMPLES, OPEN_GENERATED]) {
      expect(new Set(bootstraps.map(({ model }) => model.security.profile))).toEqual(new Set(["open-mtls"]));
      expect(new Set(bootstraps.map(({ pod }) => pod.protocol))).toEqual(new Set(PROTOCOLS));
      expect(new Set(bootstraps.map(({ pod }) => pod.pinhole?.tier))).toEqual(new Set([undefined, 1, 2]));
      expect(sds).toHaveLength(2 * bootstraps.length);
    }
  });

  test.each([
    ["every pod of every example", EXAMPLES],
    ["every pod of 40 generated networks", GENERATED],
    ["every bootstrap of the golden bundles", GOLDENS],
    ["every pod of every example in the open-mtls profile", OPEN_EXAMPLES.bootstraps],
    ["every pod of 40 generated networks in the open-mtls profile", OPEN_GENERATED.bootstraps],
    ["every SDS file of the examples in the open-mtls profile", OPEN_EXAMPLES.sds],
    ["every SDS file of 40 generated networks in the open-mtls profile", OPEN_GENERATED.sds],
  ])("accept %s", (_, documents: readonly EnvoyDocument[]) => {
    expect(unexpected(check(documents))).toEqual([]);
  });
});
