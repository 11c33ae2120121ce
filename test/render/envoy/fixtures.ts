import { parse } from "yaml";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { envoyBootstrapYaml } from "../../../src/render/envoy/bootstrap.js";
import type { EnvoyBootstrap } from "../../../src/render/envoy/types.js";
import type { NetworkDescription } from "../../../src/spec/network.js";
import { openMtlsExamples } from "../../support/findings.js";
import { modelFromText, exampleModels as namedExampleModels } from "../../support/models.js";
import { CHIPS_ALGORITHM, MODES, type Mode } from "../../../src/spec/constants.js";

export const OPTIONS = defaultRenderOptions("0.0.0-test");

/** Every catalog example, resolved. */
export function exampleModels(): BlueprintModel[] {
  return namedExampleModels().map(([, model]) => model);
}

/**
 * The same network in `mode`. armored-car with WebSocket or gRPC pods is refused by `lane7 validate`, but the
 * renderer must still be right for it, so the tests render it too.
 */
export function inMode(model: BlueprintModel, mode: Mode): BlueprintModel {
  return { ...model, mode, chipsAlgorithm: CHIPS_ALGORITHM[mode] };
}

export interface Case {
  label: string;
  model: BlueprintModel;
  pod: PodModel;
  /** The bootstrap as the sidecar reads it: rendered to YAML and parsed back. */
  bootstrap: EnvoyBootstrap;
}

/** Every pod of every example in both modes. */
export function allCases(): Case[] {
  return exampleModels().flatMap((example) =>
    MODES.flatMap((mode) => {
      const model = inMode(example, mode);
      return model.pods.map((pod) => caseOf(model, pod, mode));
    }),
  );
}

/** Every catalog example in the open-mtls profile (spec.security set, spec.mode removed), resolved. */
export function openMtlsExampleModels(): BlueprintModel[] {
  return openMtlsExamples().map(({ file, text }) => modelFromText(file, text));
}

/** A (generated) network in the open-mtls profile: spec.security set, spec.mode removed (wosp only). */
export function inOpenMtls(network: NetworkDescription): NetworkDescription {
  const spec = { ...network.spec, security: { profile: "open-mtls" as const } };
  delete spec.mode;
  return { ...network, spec };
}

/** Every pod of every example in the open-mtls profile, which has no modes. */
export function openMtlsCases(): Case[] {
  return openMtlsExampleModels().flatMap((model) => model.pods.map((pod) => caseOf(model, pod, "open-mtls")));
}

export function caseOf(model: BlueprintModel, pod: PodModel, variant: string): Case {
  return {
    label: `${model.name}/${variant}/${pod.id}`,
    model,
    pod,
    bootstrap: parse(envoyBootstrapYaml(model, pod, OPTIONS)) as EnvoyBootstrap,
  };
}
