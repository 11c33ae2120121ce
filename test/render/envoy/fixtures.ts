import { parse } from "yaml";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { envoyBootstrapYaml } from "../../../src/render/envoy/bootstrap.js";
import type { EnvoyBootstrap } from "../../../src/render/envoy/types.js";
import { exampleModels as namedExampleModels } from "../../support/models.js";
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
      return model.pods.map((pod) => ({
        label: `${model.name}/${mode}/${pod.id}`,
        model,
        pod,
        bootstrap: parse(envoyBootstrapYaml(model, pod, OPTIONS)) as EnvoyBootstrap,
      }));
    }),
  );
}
