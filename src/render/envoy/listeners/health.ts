import { SIDECAR_HEALTH_PORT } from "../../../spec/constants.js";
import { SIDECAR_READY_PATH } from "../../conventions.js";
import { ANY_ADDRESS, socketAddress } from "../core.js";
import { httpConnectionManager } from "../http.js";
import { FILTER, LISTENER } from "../names.js";
import { TYPE_URL, type Listener } from "../types.js";

/**
 * What the kubelet probes on the pod IP, instead of the admin interface (which stays on loopback): the
 * health_check filter answers SIDECAR_READY_PATH itself (200, or 503 while Envoy drains); any other path gets 404.
 */
export function healthListener(): Listener {
  const probe = {
    name: FILTER.healthCheck,
    typed_config: {
      "@type": TYPE_URL.healthCheck,
      pass_through_mode: false,
      headers: [{ name: ":path", string_match: { exact: SIDECAR_READY_PATH } }],
    },
  };
  const notFound = { match: { prefix: "/" }, direct_response: { status: 404 } };
  return {
    name: LISTENER.health,
    address: socketAddress(ANY_ADDRESS, SIDECAR_HEALTH_PORT),
    filter_chains: [{ filters: [httpConnectionManager(LISTENER.health, [notFound], [probe])] }],
  };
}
