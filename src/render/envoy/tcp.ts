import { FILTER } from "./names.js";
import { TYPE_URL, type NetworkFilter } from "./types.js";

/** armored-tunnel's last filter: relays the connection's bytes, whatever protocol they carry. */
export function tcpProxyFilter(statPrefix: string, cluster: string): NetworkFilter {
  return {
    name: FILTER.tcpProxy,
    typed_config: { "@type": TYPE_URL.tcpProxy, stat_prefix: statPrefix, cluster },
  };
}
