import { FILTER, PEER_METADATA } from "./names.js";
import { TYPE_URL, type HttpFilter, type NetworkFilter, type RbacRules } from "./types.js";

/**
 * Admits only connections (tunnel) or requests (car) whose WoSP-verified peer, recorded by the WoSP filter
 * in dynamic metadata, is one of `peers`. Callers never pass an empty list: without upstream pods there is
 * no ingress listener at all.
 */
function declaredPeers(peers: readonly string[]): RbacRules {
  return {
    action: "ALLOW",
    policies: {
      "declared-upstream": {
        permissions: [{ any: true }],
        principals: peers.map((peer) => ({
          metadata: {
            filter: PEER_METADATA.filter,
            path: [{ key: PEER_METADATA.key }],
            value: { string_match: { exact: peer } },
          },
        })),
      },
    },
  };
}

export function networkRbacFilter(statPrefix: string, peers: readonly string[]): NetworkFilter {
  return {
    name: FILTER.networkRbac,
    typed_config: { "@type": TYPE_URL.networkRbac, stat_prefix: statPrefix, rules: declaredPeers(peers) },
  };
}

export function httpRbacFilter(peers: readonly string[]): HttpFilter {
  return { name: FILTER.httpRbac, typed_config: { "@type": TYPE_URL.httpRbac, rules: declaredPeers(peers) } };
}
