/** Port conventions of a lane7 blueprint (README.md, "lane7 compose"). */
export const APP_PORT = 8000;
export const ENVOY_ADMIN_PORT = 9901;
export const SIDECAR_INGRESS_PORT = 18000;
export const EGRESS_PORT_FIRST = 18001;
export const EGRESS_PORT_LAST = 18999;
export const PINHOLE_DEFAULT_PORT = 19000;

export const ROLES = ["initiator", "relay", "aggregator", "terminator"] as const;
export const PROTOCOLS = ["http", "websocket", "grpc"] as const;
export const MODES = ["armored-tunnel", "armored-car"] as const;
/**
 * How sidecars prove who they are. `wosp`: Hopr's WoSP sidecar (licence, AMTD, the modes above).
 * `open-mtls`: upstream Envoy with mutual TLS, workload certificates from cert-manager.
 */
export const PROFILES = ["wosp", "open-mtls"] as const;

export type Role = (typeof ROLES)[number];
export type Protocol = (typeof PROTOCOLS)[number];
export type Mode = (typeof MODES)[number];
export type Profile = (typeof PROFILES)[number];

export const CHIPS_ALGORITHM: Record<Mode, "xtra4" | "xtra7"> = {
  "armored-tunnel": "xtra4",
  "armored-car": "xtra7",
};

/** Input limits: a network file beyond these is refused with a clear message, never half-processed. */
export const LIMITS = {
  fileBytes: 4 * 1024 * 1024,
  pods: 10_000,
  edges: 50_000,
  idLength: 63,
  titleLength: 200,
  yamlAliasCount: 100,
  yamlDepth: 64,
  cidrs: 100,
  autoTriggerCount: 1000,
  /** A year: cert-manager renews long before; a longer-lived workload certificate defeats short-lived identity. */
  certificateHours: 8760,
} as const;

/** What a network without `spec.cluster` gets: a stock Kubernetes cluster. */
export const CLUSTER_DEFAULTS = {
  domain: "cluster.local",
  dnsNamespace: "kube-system",
  dnsPort: 53,
} as const;

/**
 * What a network without `spec.security` (or without some of its keys) gets. Workload certificates live a
 * day and are renewed a third of their lifetime before they expire (cert-manager's own default share).
 */
export const SECURITY_DEFAULTS = {
  profile: "wosp",
  certificateHours: 24,
  certManagerNamespace: "cert-manager",
} as const satisfies { profile: Profile; certificateHours: number; certManagerNamespace: string };

/** A few test tasks at start-up, as the reference network sends, then none: production traffic only. */
export const AUTO_TRIGGER_DEFAULTS = {
  count: 3,
  interval: 5,
} as const;

/**
 * The app's HTTP control endpoints (/healthz, /trigger, /output): the only port the pinhole reaches. Every
 * pod's upstream ingress (POST /message, GET /ws, gRPC) is on APP_PORT, so that no route to one port can
 * reach the other's endpoints.
 */
export const APP_CONTROL_PORT = 8001;
/** The sidecar's health listener: the kubelet probes it on the pod IP (Envoy's admin port stays on loopback). */
export const SIDECAR_HEALTH_PORT = 9902;
