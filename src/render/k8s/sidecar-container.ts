import type { PodModel } from "../../model/model.js";
import { SIDECAR_HEALTH_PORT, SIDECAR_INGRESS_PORT } from "../../spec/constants.js";
import {
  CONTAINERS,
  ENVOY_CONFIG_DIR,
  ENVOY_CONFIG_KEY,
  SIDECAR_READY_PATH,
  woSPSecretName,
} from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { PORT_NAMES } from "./ports.js";
import { resourcesFor } from "./resources.js";
import { containerSecurityContext } from "./security-context.js";
import { sidecarMounts } from "./volumes.js";
import type { Container, ContainerPort, Probe } from "./types.js";

/**
 * The WoSP sidecar: Envoy with the WoSP WASM filter, started by the image's entrypoint with lane7's
 * bootstrap. Hot restart is off: Kubernetes restarts the container, and hot restart needs shared memory
 * across processes that nothing here uses. The credentials arrive as environment variables.
 */
export function sidecarContainer(pod: PodModel, options: RenderOptions): Container {
  const probe: Probe = {
    httpGet: { path: SIDECAR_READY_PATH, port: PORT_NAMES.health },
    timeoutSeconds: 2,
  };
  return {
    name: CONTAINERS.wosp,
    image: options.images.wosp,
    imagePullPolicy: "IfNotPresent",
    args: ["--config-path", `${ENVOY_CONFIG_DIR}/${ENVOY_CONFIG_KEY}`, "--disable-hot-restart"],
    envFrom: [{ secretRef: { name: woSPSecretName(pod) } }],
    ports: sidecarPorts(pod),
    readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { ...probe, initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 3 },
    resources: resourcesFor("wosp"),
    securityContext: containerSecurityContext(),
    volumeMounts: sidecarMounts(pod),
  };
}

/** Only the listeners the pod has: 18000 when something sends to it, the pinhole on boundary pods. */
function sidecarPorts(pod: PodModel): ContainerPort[] {
  const ports: ContainerPort[] = [];
  if (pod.upstream.length > 0) {
    ports.push({ name: PORT_NAMES.ingress, containerPort: SIDECAR_INGRESS_PORT, protocol: "TCP" });
  }
  if (pod.pinhole) ports.push({ name: PORT_NAMES.pinhole, containerPort: pod.pinhole.port, protocol: "TCP" });
  ports.push({ name: PORT_NAMES.health, containerPort: SIDECAR_HEALTH_PORT, protocol: "TCP" });
  return ports;
}
