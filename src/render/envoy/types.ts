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
  upstreamTls: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
  secret: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
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
  transport_socket?: TransportSocket<DownstreamTlsContext>;
}

/** envoy.config.core.v3.TransportSocket: the TLS one (FILTER.tls) only. */
export interface TransportSocket<T extends DownstreamTlsContext | UpstreamTlsContext> {
  name: string;
  typed_config: T;
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

/**
 * envoy.config.rbac.v3.Principal: one value of the filter's dynamic metadata (wosp), or the authenticated
 * peer certificate's principal name, its URI SAN (open-mtls).
 */
export type Principal = MetadataPrincipal | AuthenticatedPrincipal;

export interface MetadataPrincipal {
  metadata: { filter: string; path: { key: string }[]; value: { string_match: { exact: string } } };
}

export interface AuthenticatedPrincipal {
  authenticated: { principal_name: { exact: string } };
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
  { common_tls_context: CommonTlsContext; require_client_certificate?: boolean }
>;

/** `sni` is the name the client asks for; the server's certificate is verified by the validation context. */
export type UpstreamTlsContext = Typed<"upstreamTls", { common_tls_context: CommonTlsContext; sni: string }>;

/**
 * envoy.extensions.transport_sockets.tls.v3.CommonTlsContext: the certificate inline (tls_certificates) or
 * through SDS (tls_certificate_sds_secret_configs); the validation context inline, through SDS, or both
 * combined (SAN rules inline, the CA through SDS).
 */
export interface CommonTlsContext {
  tls_params: TlsParameters;
  tls_certificates?: TlsCertificate[];
  tls_certificate_sds_secret_configs?: SdsSecretConfig[];
  validation_context?: CertificateValidationContext;
  validation_context_sds_secret_config?: SdsSecretConfig;
  combined_validation_context?: {
    default_validation_context: CertificateValidationContext;
    validation_context_sds_secret_config: SdsSecretConfig;
  };
}

export type TlsVersion = "TLSv1_2" | "TLSv1_3";

export interface TlsParameters {
  tls_minimum_protocol_version: TlsVersion;
  tls_maximum_protocol_version?: TlsVersion;
}

export interface DataSource {
  filename: string;
}

/** envoy.config.core.v3.WatchedDirectory: a move into it reloads what refers to it. */
export interface WatchedDirectory {
  path: string;
}

export interface TlsCertificate {
  certificate_chain: DataSource;
  private_key: DataSource;
  watched_directory?: WatchedDirectory;
}

export interface CertificateValidationContext {
  trusted_ca?: DataSource;
  match_typed_subject_alt_names?: SubjectAltNameMatcher[];
  watched_directory?: WatchedDirectory;
}

/** envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher, exact URI SANs only. */
export interface SubjectAltNameMatcher {
  san_type: "URI";
  matcher: { exact: string };
}

/** envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig, from a file (no SDS server). */
export interface SdsSecretConfig {
  name: string;
  sds_config: FileConfigSource;
}

/** envoy.config.core.v3.ConfigSource reading a file of resources, reloaded on a move into watched_directory. */
export interface FileConfigSource {
  path_config_source: { path: string; watched_directory: WatchedDirectory };
  resource_api_version: "V3";
}

/** A file a FileConfigSource reads (as Envoy reads it: an envoy.service.discovery.v3.DiscoveryResponse). */
export interface SdsFile {
  resources: Secret[];
}

/** envoy.extensions.transport_sockets.tls.v3.Secret; `name` is what an SdsSecretConfig asks for. */
export type Secret = Typed<
  "secret",
  { name: string } & (
    { tls_certificate: TlsCertificate } | { validation_context: CertificateValidationContext }
  )
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
  transport_socket?: TransportSocket<UpstreamTlsContext>;
}

export type HttpProtocolOptions = Typed<
  "httpProtocolOptions",
  { explicit_http_config: { http2_protocol_options: object } }
>;
