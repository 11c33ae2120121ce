import type { Protocol } from "../../spec/constants.js";
import { FILTER } from "./names.js";
import { TYPE_URL, type HttpFilter, type NetworkFilter, type Route } from "./types.js";

const ROUTER_FILTER: HttpFilter = { name: FILTER.router, typed_config: { "@type": TYPE_URL.router } };

/**
 * An HTTP connection manager routing each request by the first of `routes` it matches. `protocol` is what
 * flows through it: WebSocket needs the upgrade allowed, and streams (WebSocket, gRPC) must not be cut by
 * the default 15 s route timeout.
 */
export function httpConnectionManager(
  statPrefix: string,
  routes: Route[],
  filters: readonly HttpFilter[],
  protocol: Protocol = "http",
): NetworkFilter {
  return {
    name: FILTER.httpConnectionManager,
    typed_config: {
      "@type": TYPE_URL.httpConnectionManager,
      stat_prefix: statPrefix,
      codec_type: "AUTO",
      route_config: {
        name: statPrefix,
        virtual_hosts: [{ name: statPrefix, domains: ["*"], routes }],
      },
      http_filters: [...filters, ROUTER_FILTER],
      ...(protocol === "websocket" ? { upgrade_configs: [{ upgrade_type: "websocket" as const }] } : {}),
    },
  };
}

export function routeTo(cluster: string, protocol: Protocol = "http"): Route {
  const streaming = protocol === "websocket" || protocol === "grpc";
  return { match: { prefix: "/" }, route: { cluster, ...(streaming ? { timeout: "0s" } : {}) } };
}
