import type { PodModel } from "../../model/model.js";
import {
  CONTAINERS,
  ENVOY_CONFIG_DIR,
  envoyConfigMapName,
  PINHOLE_CLIENT_CA_DIR,
  PINHOLE_TLS_DIR,
  pinholeClientCaSecretName,
  pinholeTlsSecretName,
} from "../conventions.js";
import type { ContainerKey } from "./resources.js";
import type { Volume, VolumeMount } from "./types.js";

const VOLUMES = {
  envoyConfig: "envoy-config",
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

export function podVolumes(pod: PodModel): Volume[] {
  const volumes: Volume[] = [{ name: VOLUMES.envoyConfig, configMap: { name: envoyConfigMapName(pod) } }];
  if (pod.pinhole) {
    const tls = { secretName: pinholeTlsSecretName(pod), defaultMode: SECRET_FILE_MODE };
    volumes.push({ name: VOLUMES.pinholeTls, secret: tls });
  }
  if (pod.pinhole?.tier === 2) {
    const ca = { secretName: pinholeClientCaSecretName(pod), defaultMode: SECRET_FILE_MODE };
    volumes.push({ name: VOLUMES.pinholeClientCa, secret: ca });
  }
  const containers: ContainerKey[] = ["app", "wosp", "webRetriever"];
  for (const container of containers) {
    volumes.push({ name: tmpVolumeName(container), emptyDir: { sizeLimit: TMP_SIZE_LIMIT } });
  }
  return volumes;
}

export function tmpMount(container: ContainerKey): VolumeMount {
  return { name: tmpVolumeName(container), mountPath: TMP_DIR };
}

/** The sidecar's config and, on boundary pods, its pinhole TLS material; all read-only. */
export function sidecarMounts(pod: PodModel): VolumeMount[] {
  const mounts: VolumeMount[] = [{ name: VOLUMES.envoyConfig, mountPath: ENVOY_CONFIG_DIR, readOnly: true }];
  if (pod.pinhole) mounts.push({ name: VOLUMES.pinholeTls, mountPath: PINHOLE_TLS_DIR, readOnly: true });
  if (pod.pinhole?.tier === 2) {
    mounts.push({ name: VOLUMES.pinholeClientCa, mountPath: PINHOLE_CLIENT_CA_DIR, readOnly: true });
  }
  return [...mounts, tmpMount("wosp")];
}
