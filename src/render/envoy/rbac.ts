import { FILTER, PEER_METADATA } from "./names.js";
import {
  TYPE_URL,
  type AuthenticatedPrincipal,
  type HttpFilter,
  type MetadataPrincipal,
  type NetworkFilter,
  type Principal,
  type RbacRules,
} from "./types.js";

/**
 * Admits only connections (tunnel) or requests (car) from one of `principals`. Callers never pass an empty
 * list: without upstream pods there is no ingress listener at all.
 */
function declaredPeers(principals: readonly Principal[]): RbacRules {
  return {
    action: "ALLOW",
    policies: {
      "declared-upstream": { permissions: [{ any: true }], principals: [...principals] },
    },
  };
}

/** wosp: the peer the WoSP filter verified and recorded in dynamic metadata (PEER_METADATA) is `peer`. */
export function woSPPeer(peer: string): MetadataPrincipal {
  return {
    metadata: {
      filter: PEER_METADATA.filter,
      path: [{ key: PEER_METADATA.key }],
      value: { string_match: { exact: peer } },
    },
  };
}

/**
 * open-mtls: the client certificate, verified against the network CA, names `identity`. Envoy takes a
 * certificate's principal name from its URI SAN first, and every workload certificate has exactly one.
 */
export function certificatePeer(identity: string): AuthenticatedPrincipal {
  return { authenticated: { principal_name: { exact: identity } } };
}

export function networkRbacFilter(statPrefix: string, principals: readonly Principal[]): NetworkFilter {
  return {
    name: FILTER.networkRbac,
    typed_config: {
      "@type": TYPE_URL.networkRbac,
      stat_prefix: statPrefix,
      rules: declaredPeers(principals),
    },
  };
}

export function httpRbacFilter(principals: readonly Principal[]): HttpFilter {
  return {
    name: FILTER.httpRbac,
    typed_config: { "@type": TYPE_URL.httpRbac, rules: declaredPeers(principals) },
  };
}
