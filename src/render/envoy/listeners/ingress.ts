import type { BlueprintModel, PodModel } from "../../../model/model.js";
import { SIDECAR_INGRESS_PORT } from "../../../spec/constants.js";
import type { RenderOptions } from "../../options.js";
import { ANY_ADDRESS, isTunnel, socketAddress } from "../core.js";
import { httpConnectionManager, routeTo } from "../http.js";
import { CLUSTER, LISTENER } from "../names.js";
import { httpRbacFilter, networkRbacFilter } from "../rbac.js";
import { tcpProxyFilter } from "../tcp.js";
import type { Listener, NetworkFilter } from "../types.js";
import { woSPHttpFilter, woSPNetworkFilter, type WoSPScope } from "../wosp-filter.js";

/**
 * Sidecar-to-sidecar traffic on SIDECAR_INGRESS_PORT, delivered to the app (local-app). The WoSP filter
 * authenticates the peer and records it; RBAC then admits only the declared upstream pods. A pod without
 * upstream (an initiator nobody sends to) gets no ingress listener at all: the topology is the policy.
 */
export function ingressListener(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
): Listener | undefined {
  if (pod.upstream.length === 0) return undefined;
  const scope: WoSPScope = { direction: "ingress", peers: pod.upstream };
  const filters: NetworkFilter[] = isTunnel(model)
    ? [
        woSPNetworkFilter(model, pod, scope, options),
        networkRbacFilter(LISTENER.ingress, pod.upstream),
        tcpProxyFilter(LISTENER.ingress, CLUSTER.localApp),
      ]
    : [
        httpConnectionManager(
          LISTENER.ingress,
          [routeTo(CLUSTER.localApp, pod.protocol)],
          [woSPHttpFilter(model, pod, scope, options), httpRbacFilter(pod.upstream)],
          pod.protocol,
        ),
      ];
  return {
    name: LISTENER.ingress,
    address: socketAddress(ANY_ADDRESS, SIDECAR_INGRESS_PORT),
    filter_chains: [{ filters }],
  };
}
