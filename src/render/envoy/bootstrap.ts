import { LOOPBACK } from "../conventions.js";
import type { BlueprintModel, PodModel } from "../../model/model.js";
import { ENVOY_ADMIN_PORT } from "../../spec/constants.js";
import type { RenderOptions } from "../options.js";
import { toYaml } from "../yaml.js";
import { localAppCluster, localControlCluster, routeCluster } from "./clusters.js";
import { routesByPort, socketAddress } from "./core.js";
import { egressListeners } from "./listeners/egress.js";
import { healthListener } from "./listeners/health.js";
import { ingressListener } from "./listeners/ingress.js";
import { pinholeListener } from "./listeners/pinhole.js";
import type { Cluster, EnvoyBootstrap, Listener } from "./types.js";

/**
 * The static Envoy v3 bootstrap of one pod's sidecar (WoSP's, or upstream Envoy in open-mtls, whose
 * certificates come from the SDS files beside it: sds.ts). Only declared connections exist: an egress
 * listener and cluster per downstream route, an ingress admitting exactly the upstream pods, a pinhole on
 * boundary pods, and a health listener. Listeners: ingress, egress by port, pinhole, health; clusters in
 * the same order.
 */
export function renderEnvoyBootstrap(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
): EnvoyBootstrap {
  const ingress = ingressListener(model, pod, options);
  const egress = egressListeners(model, pod, options);
  const pinhole = pinholeListener(pod);
  const listeners: Listener[] = [...present(ingress), ...egress, ...present(pinhole), healthListener()];
  const clusters: Cluster[] = [
    ...(ingress ? [localAppCluster(model, pod)] : []),
    ...routesByPort(pod).map((route) => routeCluster(model, route)),
    ...(pinhole ? [localControlCluster()] : []),
  ];
  return {
    node: { id: pod.id, cluster: model.name },
    admin: { address: socketAddress(LOOPBACK, ENVOY_ADMIN_PORT) },
    static_resources: { listeners, clusters },
  };
}

/** The bootstrap as the YAML that goes into the sidecar's ConfigMap (ENVOY_CONFIG_KEY). */
export function envoyBootstrapYaml(model: BlueprintModel, pod: PodModel, options: RenderOptions): string {
  return toYaml(renderEnvoyBootstrap(model, pod, options));
}

function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
