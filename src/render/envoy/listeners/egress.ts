import { LOOPBACK } from "../../conventions.js";
import type { BlueprintModel, PodModel, Route } from "../../../model/model.js";
import type { RenderOptions } from "../../options.js";
import { isOpenMtls, isTunnel, routesByPort, socketAddress } from "../core.js";
import { httpConnectionManager, routeTo } from "../http.js";
import { egressListenerName, routeClusterName } from "../names.js";
import { tcpProxyFilter } from "../tcp.js";
import type { Listener, NetworkFilter } from "../types.js";
import { woSPHttpFilter, woSPNetworkFilter, type WoSPScope } from "../wosp-filter.js";

/** One loopback listener per declared downstream route, ordered by egress port; nothing else leaves the pod. */
export function egressListeners(model: BlueprintModel, pod: PodModel, options: RenderOptions): Listener[] {
  return routesByPort(pod).map((route) => egressListener(model, pod, route, options));
}

function egressListener(
  model: BlueprintModel,
  pod: PodModel,
  route: Route,
  options: RenderOptions,
): Listener {
  const name = egressListenerName(route);
  return {
    name,
    address: socketAddress(LOOPBACK, route.egressPort),
    filter_chains: [{ filters: egressFilters(model, pod, route, options) }],
  };
}

/**
 * open-mtls: the bytes relayed to the route cluster, whose TLS proves and verifies the identities (every
 * protocol alike). wosp: the WoSP filter in front, at L4 (armored-tunnel) or L7 (armored-car).
 */
function egressFilters(
  model: BlueprintModel,
  pod: PodModel,
  route: Route,
  options: RenderOptions,
): NetworkFilter[] {
  const name = egressListenerName(route);
  const cluster = routeClusterName(route);
  if (isOpenMtls(model)) return [tcpProxyFilter(name, cluster)];
  const scope: WoSPScope = { direction: "egress", target: route.pod };
  if (isTunnel(model)) return [woSPNetworkFilter(model, pod, scope, options), tcpProxyFilter(name, cluster)];
  const filters = [woSPHttpFilter(model, pod, scope, options)];
  return [httpConnectionManager(name, [routeTo(cluster, route.protocol)], filters, route.protocol)];
}
