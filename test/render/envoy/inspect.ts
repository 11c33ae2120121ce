import { TYPE_URL } from "../../../src/render/envoy/types.js";
import type {
  Cluster,
  EnvoyBootstrap,
  HttpConnectionManager,
  HttpFilter,
  Listener,
  NetworkFilter,
  Principal,
  Route,
} from "../../../src/render/envoy/types.js";

/** Read-only views into a rendered bootstrap, shared by the Envoy renderer tests. */
export function listeners(bootstrap: EnvoyBootstrap): Listener[] {
  return bootstrap.static_resources.listeners;
}

export function clusters(bootstrap: EnvoyBootstrap): Cluster[] {
  return bootstrap.static_resources.clusters;
}

export function listenerNamed(bootstrap: EnvoyBootstrap, name: string): Listener | undefined {
  return listeners(bootstrap).find((listener) => listener.name === name);
}

export function clusterNamed(bootstrap: EnvoyBootstrap, name: string): Cluster | undefined {
  return clusters(bootstrap).find((cluster) => cluster.name === name);
}

/** Every listener here has exactly one filter chain. */
export function networkFilters(listener: Listener): NetworkFilter[] {
  if (listener.filter_chains.length !== 1) throw new Error(`${listener.name}: expected one filter chain`);
  return listener.filter_chains[0]?.filters ?? [];
}

export function typesOf(filters: readonly (NetworkFilter | HttpFilter)[]): string[] {
  return filters.map((filter) => filter.typed_config["@type"]);
}

export function hcmOf(listener: Listener): HttpConnectionManager | undefined {
  const config = networkFilters(listener).find(
    (f) => f.typed_config["@type"] === TYPE_URL.httpConnectionManager,
  );
  return config?.typed_config as HttpConnectionManager | undefined;
}

export function routesOf(hcm: HttpConnectionManager): Route[] {
  return hcm.route_config.virtual_hosts.flatMap((host) => host.routes);
}

/** The clusters a listener sends to: tcp_proxy's cluster, or the HTTP routes' clusters. */
export function clustersReferencedBy(listener: Listener): string[] {
  return networkFilters(listener).flatMap((filter) => {
    const config = filter.typed_config;
    if (config["@type"] === TYPE_URL.tcpProxy) return [config.cluster];
    if (config["@type"] === TYPE_URL.httpConnectionManager) {
      return routesOf(config).flatMap((route) => ("route" in route ? [route.route.cluster] : []));
    }
    return [];
  });
}

/** The WoSP filter's own configuration (the JSON inside its StringValue), network or HTTP form. */
export function woSPConfigs(listener: Listener): Record<string, unknown>[] {
  const hcm = hcmOf(listener);
  const filters: (NetworkFilter | HttpFilter)[] = [...networkFilters(listener), ...(hcm?.http_filters ?? [])];
  return filters.flatMap((filter) => {
    const config = filter.typed_config;
    if (config["@type"] !== TYPE_URL.networkWasm && config["@type"] !== TYPE_URL.httpWasm) return [];
    return [JSON.parse(config.config.configuration.value) as Record<string, unknown>];
  });
}

/** Each RBAC filter (network or HTTP) of a listener: its action and the principals of all its policies. */
export function rbacFilters(listener: Listener): { action: string; principals: Principal[] }[] {
  const hcm = hcmOf(listener);
  const filters: (NetworkFilter | HttpFilter)[] = [...networkFilters(listener), ...(hcm?.http_filters ?? [])];
  return filters.flatMap((filter) => {
    const config = filter.typed_config;
    if (config["@type"] !== TYPE_URL.networkRbac && config["@type"] !== TYPE_URL.httpRbac) return [];
    const principals = Object.values(config.rules.policies).flatMap((policy) => policy.principals);
    return [{ action: config.rules.action, principals }];
  });
}

export function endpointsOf(cluster: Cluster): { address: string; port: number }[] {
  return cluster.load_assignment.endpoints.flatMap((group) =>
    group.lb_endpoints.map(({ endpoint }) => ({
      address: endpoint.address.socket_address.address,
      port: endpoint.address.socket_address.port_value,
    })),
  );
}

/** Every socket address anywhere in the bootstrap, found by walking the whole object (not its known shape). */
export function allSocketAddresses(value: unknown): { address: string; port_value: number }[] {
  if (Array.isArray(value)) return value.flatMap(allSocketAddresses);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.socket_address as { address: string; port_value: number } | undefined;
  return [...(own ? [own] : []), ...Object.values(record).flatMap(allSocketAddresses)];
}

/**
 * What Envoy does with a request on these routes, matched as Envoy matches them: the first route whose path
 * rule and header matchers all match. `prefix` compares the start of `:path` (query string included), `path`
 * the whole of it once the query string is removed. The cluster it is sent to, the status of a
 * direct_response, or 404 when no route matches. Any other kind of rule throws, so that a test never passes
 * on a rule it does not understand.
 */
export function routeOutcome(
  routes: readonly Route[],
  method: string,
  pathAndQuery: string,
): string | number {
  const route = routes.find((candidate) => matches(candidate.match, method, pathAndQuery));
  if (!route) return 404;
  return "route" in route ? route.route.cluster : route.direct_response.status;
}

function matches(match: Route["match"], method: string, pathAndQuery: string): boolean {
  const {
    prefix,
    path,
    headers = [],
    ...rest
  } = match as {
    prefix?: string;
    path?: string;
    headers?: { name: string; string_match?: { exact?: string } }[];
  };
  if (Object.keys(rest).length > 0 || (prefix === undefined) === (path === undefined))
    throw new Error(`routeOutcome: unsupported route match ${JSON.stringify(match)}`);
  const pathMatches =
    prefix !== undefined ? pathAndQuery.startsWith(prefix) : pathAndQuery.split("?")[0] === path;
  return pathMatches && headers.every((header) => headerMatches(header, method));
}

function headerMatches(header: { name: string; string_match?: { exact?: string } }, method: string): boolean {
  const exact = header.string_match?.exact;
  const plain = Object.keys(header).length === 2 && Object.keys(header.string_match ?? {}).length === 1;
  if (header.name !== ":method" || exact === undefined || !plain)
    throw new Error(`routeOutcome: unsupported header matcher ${JSON.stringify(header)}`);
  return method === exact;
}
