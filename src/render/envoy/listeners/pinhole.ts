import type { PodModel } from "../../../model/model.js";
import { pinholeEndpoint } from "../../blueprint/topology.js";
import { PINHOLE_CLIENT_CA_DIR, PINHOLE_FILES, PINHOLE_TLS_DIR } from "../../conventions.js";
import { ANY_ADDRESS, socketAddress } from "../core.js";
import { httpConnectionManager } from "../http.js";
import { CLUSTER, FILTER, LISTENER } from "../names.js";
import { TYPE_URL, type DownstreamTlsContext, type Listener, type Route } from "../types.js";

/**
 * Boundary access for external callers on a boundary pod: HTTPS (HTTP inside, in both modes) to the app's
 * control port, for the one endpoint of the pod's role. Tier 1 authenticates the server only; tier 2
 * requires a client certificate signed by the pinhole client CA (mutual TLS). No WoSP filter: external
 * callers are not WoSP peers.
 */
export function pinholeListener(pod: PodModel): Listener | undefined {
  if (!pod.pinhole) return undefined;
  return {
    name: LISTENER.pinhole,
    address: socketAddress(ANY_ADDRESS, pod.pinhole.port),
    filter_chains: [
      {
        filters: [httpConnectionManager(LISTENER.pinhole, pinholeRoutes(pod), [])],
        transport_socket: { name: FILTER.tls, typed_config: tlsContext(pod.pinhole.tier) },
      },
    ],
  };
}

/**
 * Exactly the pod's pinhole endpoint reaches the app: its method on its path, matched exactly once the query
 * string is removed (`/output?x` is `/output`; `/output/` and `//output` are not). Its path with another
 * method is 405 with the `Allow` header HTTP requires of it, any other path 404, answered by Envoy itself.
 */
function pinholeRoutes(pod: PodModel): Route[] {
  const { method, path } = pinholeEndpoint(pod);
  return [
    {
      match: { path, headers: [{ name: ":method", string_match: { exact: method } }] },
      route: { cluster: CLUSTER.localControl },
    },
    {
      match: { path },
      direct_response: { status: 405 },
      response_headers_to_add: [
        { header: { key: "allow", value: method }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" },
      ],
    },
    { match: { prefix: "/" }, direct_response: { status: 404 } },
  ];
}

function tlsContext(tier: 1 | 2): DownstreamTlsContext {
  const mutual = tier === 2;
  return {
    "@type": TYPE_URL.downstreamTls,
    common_tls_context: {
      tls_params: { tls_minimum_protocol_version: "TLSv1_2" },
      tls_certificates: [
        {
          certificate_chain: { filename: `${PINHOLE_TLS_DIR}/${PINHOLE_FILES.cert}` },
          private_key: { filename: `${PINHOLE_TLS_DIR}/${PINHOLE_FILES.key}` },
        },
      ],
      ...(mutual
        ? {
            validation_context: {
              trusted_ca: { filename: `${PINHOLE_CLIENT_CA_DIR}/${PINHOLE_FILES.clientCa}` },
            },
          }
        : {}),
    },
    ...(mutual ? { require_client_certificate: true } : {}),
  };
}
