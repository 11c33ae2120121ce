/**
 * The subset of the Envoy v3 API (ProtoJSON field names) that lane7 bootstraps use. Every `typed_config`
 * is one of the typed messages below, tagged with its "@type" URL (TYPE_URL).
 */
export const TYPE_URL = {
  networkWasm: "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm",
  httpWasm: "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
  networkRbac: "type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC",
  httpRbac: "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC",
  tcpProxy: "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
  httpConnectionManager:
    "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
  router: "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
  healthCheck: "type.googleapis.com/envoy.extensions.filters.http.health_check.v3.HealthCheck",
  downstreamTls: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
  httpProtocolOptions: "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
  stringValue: "type.googleapis.com/google.protobuf.StringValue",
} as const;

type Typed<K extends keyof typeof TYPE_URL, T> = { "@type": (typeof TYPE_URL)[K] } & T;

/** envoy.config.bootstrap.v3.Bootstrap */
export interface EnvoyBootstrap {
  node: { id: string; cluster: string };
  admin: { address: Address };
  static_resources: { listeners: Listener[]; clusters: Cluster[] };
}

/** envoy.config.core.v3.Address (socket addresses only). */
export interface Address {
  socket_address: { address: string; port_value: number };
}

/** envoy.config.listener.v3.Listener */
export interface Listener {
  name: string;
  address: Address;
  filter_chains: FilterChain[];
}

export interface FilterChain {
  filters: NetworkFilter[];
  transport_socket?: { name: string; typed_config: DownstreamTlsContext };
}

export interface NetworkFilter {
  name: string;
  typed_config: NetworkWasm | NetworkRbac | TcpProxy | HttpConnectionManager;
}

export interface HttpFilter {
  name: string;
  typed_config: HttpWasm | HttpRbac | Router | HealthCheck;
}

/** envoy.extensions.wasm.v3.PluginConfig; the configuration reaches the filter as a plain string. */
export interface WasmPluginConfig {
  name: string;
  root_id: string;
  vm_config: {
    vm_id: string;
    runtime: "envoy.wasm.runtime.v8";
    code: { local: { filename: string } };
  };
  configuration: Typed<"stringValue", { value: string }>;
}

export type NetworkWasm = Typed<"networkWasm", { config: WasmPluginConfig }>;
export type HttpWasm = Typed<"httpWasm", { config: WasmPluginConfig }>;

/** envoy.config.rbac.v3.RBAC */
export interface RbacRules {
  action: "ALLOW";
  policies: Record<string, { permissions: { any: true }[]; principals: Principal[] }>;
}

/** envoy.config.rbac.v3.Principal matching one value of the filter's dynamic metadata. */
export interface Principal {
  metadata: { filter: string; path: { key: string }[]; value: { string_match: { exact: string } } };
}

export type NetworkRbac = Typed<"networkRbac", { stat_prefix: string; rules: RbacRules }>;
export type HttpRbac = Typed<"httpRbac", { rules: RbacRules }>;

export type TcpProxy = Typed<"tcpProxy", { stat_prefix: string; cluster: string }>;

export type HttpConnectionManager = Typed<
  "httpConnectionManager",
  {
    stat_prefix: string;
    codec_type: "AUTO";
    route_config: RouteConfiguration;
    http_filters: HttpFilter[];
    upgrade_configs?: { upgrade_type: "websocket" }[];
  }
>;

/** envoy.config.route.v3.RouteConfiguration with one virtual host for every domain. */
export interface RouteConfiguration {
  name: string;
  virtual_hosts: {
    name: string;
    domains: string[];
    routes: Route[];
  }[];
}

/** envoy.config.route.v3.HeaderMatcher, exact values only (pseudo-headers such as `:method` included). */
export interface HeaderMatcher {
  name: string;
  string_match: { exact: string };
}

/**
 * envoy.config.route.v3.RouteMatch: `prefix` matches the start of `:path`, `path` the whole of it with the
 * query string removed; every header matcher must match too.
 */
export type RouteMatch = ({ prefix: string } | { path: string }) & { headers?: HeaderMatcher[] };

/** envoy.config.core.v3.HeaderValueOption: one response header Envoy sets. */
export interface HeaderValueOption {
  header: { key: string; value: string };
  append_action: "OVERWRITE_IF_EXISTS_OR_ADD";
}

export type Route =
  | { match: RouteMatch; route: { cluster: string; timeout?: string } }
  | {
      match: RouteMatch;
      direct_response: { status: number };
      response_headers_to_add?: HeaderValueOption[];
    };

export type Router = Typed<"router", object>;

export type HealthCheck = Typed<"healthCheck", { pass_through_mode: boolean; headers: HeaderMatcher[] }>;

export type DownstreamTlsContext = Typed<
  "downstreamTls",
  {
    common_tls_context: {
      tls_params: { tls_minimum_protocol_version: "TLSv1_2" };
      tls_certificates: { certificate_chain: { filename: string }; private_key: { filename: string } }[];
      validation_context?: { trusted_ca: { filename: string } };
    };
    require_client_certificate?: boolean;
  }
>;

/** envoy.config.cluster.v3.Cluster */
export interface Cluster {
  name: string;
  type: "STATIC" | "STRICT_DNS";
  connect_timeout: string;
  load_assignment: {
    cluster_name: string;
    endpoints: { lb_endpoints: { endpoint: { address: Address } }[] }[];
  };
  typed_extension_protocol_options?: {
    "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": HttpProtocolOptions;
  };
}

export type HttpProtocolOptions = Typed<
  "httpProtocolOptions",
  { explicit_http_config: { http2_protocol_options: object } }
>;
