import type { BlueprintModel, PodModel } from "../../model/model.js";
import { CONTAINERS } from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { resourcesFor } from "./resources.js";
import { containerSecurityContext } from "./security-context.js";
import { ENVOY_ARGS, sidecarListeners } from "./sidecar-container.js";
import { sidecarMounts } from "./volumes.js";
import type { Container } from "./types.js";

/**
 * The open-mtls sidecar: upstream Envoy on lane7's bootstrap, with the same listeners and probes as the
 * WoSP sidecar. Its identity is the mounted workload certificate, which it reads through the SDS files of
 * its ConfigMap; it gets no credential in its environment. The command is named, not left to the image's
 * entrypoint, so that an Envoy image given with --images starts the same way.
 */
export function envoyContainer(model: BlueprintModel, pod: PodModel, options: RenderOptions): Container {
  return {
    name: CONTAINERS.envoy,
    image: options.images.envoy,
    imagePullPolicy: "IfNotPresent",
    command: ["envoy"],
    args: [...ENVOY_ARGS],
    ...sidecarListeners(model, pod),
    resources: resourcesFor("envoy"),
    securityContext: containerSecurityContext(),
    volumeMounts: sidecarMounts(model, pod),
  };
}
