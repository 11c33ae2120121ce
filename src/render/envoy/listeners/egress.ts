import { LOOPBACK } from "../../conventions.js";
import type { BlueprintModel, PodModel, Route } from "../../../model/model.js";
import type { RenderOptions } from "../../options.js";
import { isTunnel, routesByPort, socketAddress } from "../core.js";
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
  const cluster = routeClusterName(route);
  const scope: WoSPScope = { direction: "egress", target: route.pod };
  const filters: NetworkFilter[] = isTunnel(model)
    ? [woSPNetworkFilter(model, pod, scope, options), tcpProxyFilter(name, cluster)]
    : [
        httpConnectionManager(
          name,
          [routeTo(cluster, route.protocol)],
          [woSPHttpFilter(model, pod, scope, options)],
          route.protocol,
        ),
      ];
  return { name, address: socketAddress(LOOPBACK, route.egressPort), filter_chains: [{ filters }] };
}
