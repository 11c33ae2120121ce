import type { Route } from "../../model/model.js";

/** Listener and cluster names of a sidecar bootstrap, derived from pod ids so that they are stable. */
export const LISTENER = { ingress: "ingress", pinhole: "pinhole", health: "health" } as const;
export const egressListenerName = (route: Route): string => `egress-${route.pod}`;

export const CLUSTER = {
  /** The app's ingress port (APP_PORT): where the ingress delivers, and nothing else does. */
  localApp: "local-app",
  /** The app's control port (APP_CONTROL_PORT): where the pinhole delivers /trigger or /output. */
  localControl: "local-control",
} as const;
export const routeClusterName = (route: Route): string => `route-${route.pod}`;

/** Envoy's canonical extension names for the filters and transport socket used. */
export const FILTER = {
  networkWasm: "envoy.filters.network.wasm",
  networkRbac: "envoy.filters.network.rbac",
  tcpProxy: "envoy.filters.network.tcp_proxy",
  httpConnectionManager: "envoy.filters.network.http_connection_manager",
  httpWasm: "envoy.filters.http.wasm",
  httpRbac: "envoy.filters.http.rbac",
  router: "envoy.filters.http.router",
  healthCheck: "envoy.filters.http.health_check",
  tls: "envoy.transport_sockets.tls",
} as const;

/**
 * Where the WoSP filter records the peer it authenticated (MAID): the dynamic metadata key the ingress RBAC
 * filter matches against the declared upstream pod ids.
 */
export const PEER_METADATA = { filter: "wosp", key: "peer" } as const;
