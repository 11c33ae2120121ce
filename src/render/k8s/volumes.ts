import type { BlueprintModel, PodModel } from "../../model/model.js";
import {
  CONTAINERS,
  ENVOY_CONFIG_DIR,
  envoyConfigMapName,
  PINHOLE_CLIENT_CA_DIR,
  PINHOLE_TLS_DIR,
  pinholeClientCaSecretName,
  pinholeTlsSecretName,
  WORKLOAD_TLS_DIR,
  workloadTlsSecretName,
} from "../conventions.js";
import type { ContainerKey } from "./resources.js";
import type { Volume, VolumeMount } from "./types.js";

const VOLUMES = {
  envoyConfig: "envoy-config",
  workloadTls: "workload-tls",
  pinholeTls: "pinhole-tls",
  pinholeClientCa: "pinhole-client-ca",
} as const;

/** Key material readable by the owner and the pod's fsGroup only. */
const SECRET_FILE_MODE = 0o440;
/** Enough for temporary files; a container writing more is evicted rather than filling the node. */
const TMP_SIZE_LIMIT = "64Mi";
const TMP_DIR = "/tmp";

/** Each container gets its own /tmp (its root filesystem is read-only); none shares a writable dir. */
function tmpVolumeName(container: ContainerKey): string {
  return `${CONTAINERS[container]}-tmp`;
}

/**
 * The containers given a /tmp. Upstream Envoy (open-mtls) gets none: with lane7's bootstrap it writes no
 * file (it logs to stderr, has no access log or profile file, and runs with hot restart off).
 */
function tmpContainers(model: BlueprintModel): ContainerKey[] {
  return model.security.profile === "wosp" ? ["app", "wosp", "webRetriever"] : ["app"];
}

export function podVolumes(model: BlueprintModel, pod: PodModel): Volume[] {
  const volumes: Volume[] = [{ name: VOLUMES.envoyConfig, configMap: { name: envoyConfigMapName(pod) } }];
  const secretVolume = (name: string, secretName: string): Volume => ({
    name,
    secret: { secretName, defaultMode: SECRET_FILE_MODE },
  });
  if (model.security.profile === "open-mtls") {
    volumes.push(secretVolume(VOLUMES.workloadTls, workloadTlsSecretName(pod)));
  }
  if (pod.pinhole) volumes.push(secretVolume(VOLUMES.pinholeTls, pinholeTlsSecretName(pod)));
  if (pod.pinhole?.tier === 2) {
    volumes.push(secretVolume(VOLUMES.pinholeClientCa, pinholeClientCaSecretName(pod)));
  }
  for (const container of tmpContainers(model)) {
    volumes.push({ name: tmpVolumeName(container), emptyDir: { sizeLimit: TMP_SIZE_LIMIT } });
  }
  return volumes;
}

export function tmpMount(container: ContainerKey): VolumeMount {
  return { name: tmpVolumeName(container), mountPath: TMP_DIR };
}

/**
 * The sidecar's config (the whole Envoy ConfigMap), in open-mtls its workload certificate and, on
 * boundary pods, its pinhole TLS material; all read-only.
 */
export function sidecarMounts(model: BlueprintModel, pod: PodModel): VolumeMount[] {
  const readOnly = (name: string, mountPath: string): VolumeMount => ({ name, mountPath, readOnly: true });
  const mounts: VolumeMount[] = [readOnly(VOLUMES.envoyConfig, ENVOY_CONFIG_DIR)];
  if (model.security.profile === "open-mtls") mounts.push(readOnly(VOLUMES.workloadTls, WORKLOAD_TLS_DIR));
  if (pod.pinhole) mounts.push(readOnly(VOLUMES.pinholeTls, PINHOLE_TLS_DIR));
  if (pod.pinhole?.tier === 2) mounts.push(readOnly(VOLUMES.pinholeClientCa, PINHOLE_CLIENT_CA_DIR));
  return model.security.profile === "wosp" ? [...mounts, tmpMount("wosp")] : mounts;
}
