import type { BlueprintModel, PodModel } from "../../model/model.js";
import { SIDECAR_HEALTH_PORT, SIDECAR_INGRESS_PORT } from "../../spec/constants.js";
import {
  CONTAINERS,
  ENVOY_CONFIG_DIR,
  ENVOY_CONFIG_KEY,
  SIDECAR_READY_PATH,
  woSPSecretName,
} from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { portNames } from "./ports.js";
import { resourcesFor } from "./resources.js";
import { containerSecurityContext } from "./security-context.js";
import { sidecarMounts } from "./volumes.js";
import type { Container, ContainerPort, Probe } from "./types.js";

/**
 * Envoy's arguments in both sidecars: lane7's bootstrap (ENVOY_CONFIG_KEY of the mounted ConfigMap), and
 * hot restart off: Kubernetes restarts the container, and hot restart needs shared memory across
 * processes that nothing here uses.
 */
export const ENVOY_ARGS = [
  "--config-path",
  `${ENVOY_CONFIG_DIR}/${ENVOY_CONFIG_KEY}`,
  "--disable-hot-restart",
] as const;

/**
 * The WoSP sidecar: Envoy with the WoSP WASM filter, started by the image's entrypoint with lane7's
 * bootstrap. The credentials arrive as environment variables.
 */
export function sidecarContainer(model: BlueprintModel, pod: PodModel, options: RenderOptions): Container {
  return {
    name: CONTAINERS.wosp,
    image: options.images.wosp,
    imagePullPolicy: "IfNotPresent",
    args: [...ENVOY_ARGS],
    envFrom: [{ secretRef: { name: woSPSecretName(pod) } }],
    ...sidecarListeners(model, pod),
    resources: resourcesFor("wosp"),
    securityContext: containerSecurityContext(),
    volumeMounts: sidecarMounts(model, pod),
  };
}

/** What every sidecar has, whichever its image: the listeners' ports, and probes on the health listener. */
export function sidecarListeners(
  model: BlueprintModel,
  pod: PodModel,
): Required<Pick<Container, "ports" | "readinessProbe" | "livenessProbe">> {
  const probe: Probe = {
    httpGet: { path: SIDECAR_READY_PATH, port: portNames(model).health },
    timeoutSeconds: 2,
  };
  return {
    ports: sidecarPorts(model, pod),
    readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { ...probe, initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 3 },
  };
}

/** Only the listeners the pod has: 18000 when something sends to it, the pinhole on boundary pods. */
function sidecarPorts(model: BlueprintModel, pod: PodModel): ContainerPort[] {
  const names = portNames(model);
  const ports: ContainerPort[] = [];
  if (pod.upstream.length > 0) {
    ports.push({ name: names.ingress, containerPort: SIDECAR_INGRESS_PORT, protocol: "TCP" });
  }
  if (pod.pinhole) ports.push({ name: names.pinhole, containerPort: pod.pinhole.port, protocol: "TCP" });
  ports.push({ name: names.health, containerPort: SIDECAR_HEALTH_PORT, protocol: "TCP" });
  return ports;
}
