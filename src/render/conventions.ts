import type { BlueprintModel, PodModel } from "../model/model.js";
import { pinholeServiceNameOf } from "../model/names.js";

/**
 * Names shared by the manifests, the Envoy configs, the scripts and app.py. Each is defined here once;
 * a renderer that needs one imports it.
 */
export const CONTAINERS = {
  app: "web-app",
  wosp: "xtra-wasm",
  webRetriever: "web-retriever",
  /** The open-mtls profile's sidecar: upstream Envoy (it has no Web Retriever). */
  envoy: "envoy",
} as const;

export const LABELS = {
  network: "lane7.dev/network",
  pod: "lane7.dev/pod",
  role: "lane7.dev/role",
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/** The Secret of 02-secrets.yaml holding HOPR_LICENSE, HOPR_KEY, CHIPS_ALGORITHM, HOPR_API_TOKEN. */
export const woSPSecretName = (pod: PodModel): string => `${pod.id}-wosp-credentials`;
/** The ConfigMap of 03-deployment.yaml holding the sidecar's Envoy bootstrap under ENVOY_CONFIG_KEY. */
export const envoyConfigMapName = (pod: PodModel): string => `${pod.id}-envoy`;
export const ENVOY_CONFIG_KEY = "envoy.yaml";
export const ENVOY_CONFIG_DIR = "/etc/envoy";
/** Pinhole TLS material, made by pinhole-setup.sh: a kubernetes.io/tls Secret (tls.crt, tls.key). */
export const pinholeTlsSecretName = (pod: PodModel): string => `${pod.id}-pinhole-tls`;
/** Tier 2 only: the CA that signs client certificates (ca.crt), made by pinhole-setup.sh. */
export const pinholeClientCaSecretName = (pod: PodModel): string => `${pod.id}-pinhole-client-ca`;
/** The Secrets a boundary pod's pinhole listener loads (pinhole-setup.sh makes them; none without a pinhole). */
export function pinholeSecretNames(pod: PodModel): string[] {
  if (!pod.pinhole) return [];
  return pod.pinhole.tier === 2
    ? [pinholeTlsSecretName(pod), pinholeClientCaSecretName(pod)]
    : [pinholeTlsSecretName(pod)];
}
export const PINHOLE_TLS_DIR = "/etc/lane7/pinhole-tls";
export const PINHOLE_CLIENT_CA_DIR = "/etc/lane7/pinhole-client-ca";
/**
 * Where pinhole-setup.sh keeps the pinhole keys and certificates unless told otherwise: a directory of this
 * name beside the bundle directory. Outside the bundle, since recomposing replaces the bundle directory,
 * and with it the CAs that callers' certificates chain to.
 */
export const pinholeTlsDirName = (model: BlueprintModel): string => `${model.name}-pinhole-tls`;
/** Where pinhole-setup.sh of earlier lane7 releases kept them: inside the bundle, at its root. */
export const LEGACY_PINHOLE_TLS_DIR = "pinhole-tls";
/** File names inside those Secrets (kubernetes.io/tls keys, and the CA bundle's). */
export const PINHOLE_FILES = { cert: "tls.crt", key: "tls.key", clientCa: "ca.crt" } as const;
/**
 * open-mtls: the network's certificate authority, bootstrapped by cert-manager from the bundle's
 * CERTIFICATE_AUTHORITY_FILE (self-signed ClusterIssuer → CA Certificate → CA ClusterIssuer). Cluster-wide
 * names, prefixed with the network's; the CA's Certificate and Secret live in cert-manager's cluster
 * resource namespace (OpenMtlsSecurity.certManagerNamespace), where a ClusterIssuer reads its Secret.
 */
export const certificateAuthorityNames = (model: BlueprintModel) =>
  ({
    selfSignedIssuer: `${model.name}-lane7-selfsigned`,
    caCertificate: `${model.name}-lane7-ca`,
    caSecret: `${model.name}-lane7-ca`,
    caIssuer: `${model.name}-lane7-ca`,
  }) as const;
/** open-mtls: the bundle-root file holding those objects; deploy applies it before any pod, teardown deletes it last. */
export const CERTIFICATE_AUTHORITY_FILE = "certificate-authority.yaml";
/** open-mtls: a pod's cert-manager Certificate (in 02-secrets.yaml) and the kubernetes.io/tls Secret it fills. */
export const workloadCertificateName = (pod: PodModel): string => `${pod.id}-workload`;
export const workloadTlsSecretName = (pod: PodModel): string => `${pod.id}-workload-tls`;
/** Where the sidecar mounts that Secret: tls.crt, tls.key and the network CA's ca.crt (cert-manager's keys). */
export const WORKLOAD_TLS_DIR = "/etc/lane7/workload-tls";
export const WORKLOAD_TLS_FILES = { cert: "tls.crt", key: "tls.key", ca: "ca.crt" } as const;
/**
 * open-mtls: the SDS files in the sidecar's Envoy ConfigMap (beside ENVOY_CONFIG_KEY, under ENVOY_CONFIG_DIR),
 * each naming one secret that points at the files of WORKLOAD_TLS_DIR, which Envoy watches: a renewed
 * certificate is picked up without a restart.
 */
export const ENVOY_SDS = {
  certificate: { key: "sds-workload-certificate.yaml", secret: "workload-certificate" },
  validation: { key: "sds-network-ca.yaml", secret: "network-ca" },
} as const;
/** The sidecar health listener's path (SIDECAR_HEALTH_PORT): the kubelet's readiness and liveness probe. */
export const SIDECAR_READY_PATH = "/ready";
/** The Service upstream sidecars reach on 18000 is named after the pod; the pinhole one gets a suffix. */
export const pinholeServiceName = (pod: PodModel): string => pinholeServiceNameOf(pod.id);

/** The app listens on, and sends to, its own pod's loopback only: nothing reaches it but its sidecar. */
export const LOOPBACK = "127.0.0.1";

/**
 * The user and group every container runs as: numeric, so the pod's securityContext can require
 * runAsNonRoot, and the app image's Dockerfile creates the same user.
 */
export const CONTAINER_UID = 10001;

/** Runtime defaults of app.py, in seconds; the Deployment sets them and each is overridable by APP_ENV. */
export const APP_RUNTIME_DEFAULTS = {
  /** Initiators: the first test task starts this long after start-up, once the sidecars are up. */
  autoTriggerDelay: 10,
  /** Aggregators: how long to wait for the missing branches of a task before forwarding a partial result. */
  aggregateTimeout: 30,
} as const;

/**
 * The environment app.py reads (every port overridable, so the same file runs outside Kubernetes).
 * EGRESS_PORT_MAP is JSON: {"<downstream pod id>": <egress port>, …} in declaration order.
 */
export const APP_ENV = {
  podId: "LANE7_POD_ID",
  network: "LANE7_NETWORK",
  appHost: "APP_HOST",
  appPort: "APP_PORT",
  controlPort: "APP_CONTROL_PORT",
  egressHost: "EGRESS_HOST",
  egressPortMap: "EGRESS_PORT_MAP",
  ingressCount: "INGRESS_COUNT",
  autoTriggerCount: "AUTO_TRIGGER_COUNT",
  autoTriggerInterval: "AUTO_TRIGGER_INTERVAL",
  autoTriggerDelay: "AUTO_TRIGGER_DELAY",
  aggregateTimeout: "AGGREGATE_TIMEOUT",
  sendTimeout: "SEND_TIMEOUT",
  sendAttempts: "SEND_ATTEMPTS",
  backoffFirst: "BACKOFF_FIRST",
  backoffMax: "BACKOFF_MAX",
  drainTimeout: "DRAIN_TIMEOUT",
} as const;

/**
 * The local port of the port-forward the README and pinhole-setup.sh show for the boundary pod at `index`
 * (its place among the boundary pods): 19000, 19001, …, one each, so that all of them can run at once.
 */
export function localForwardPort(index: number): number {
  return 19000 + index;
}
