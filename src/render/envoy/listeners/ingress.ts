import type { BlueprintModel, PodModel } from "../../../model/model.js";
import { SIDECAR_INGRESS_PORT } from "../../../spec/constants.js";
import type { RenderOptions } from "../../options.js";
import { ANY_ADDRESS, isOpenMtls, isTunnel, socketAddress } from "../core.js";
import { httpConnectionManager, routeTo } from "../http.js";
import { ingressTlsSocket } from "../mtls.js";
import { CLUSTER, LISTENER } from "../names.js";
import { certificatePeer, httpRbacFilter, networkRbacFilter, woSPPeer } from "../rbac.js";
import { tcpProxyFilter } from "../tcp.js";
import type { FilterChain, Listener } from "../types.js";
import { woSPHttpFilter, woSPNetworkFilter, type WoSPScope } from "../wosp-filter.js";

/**
 * Sidecar-to-sidecar traffic on SIDECAR_INGRESS_PORT, delivered to the app (local-app). The peer is
 * authenticated (by the WoSP filter, or by its certificate in open-mtls), and RBAC then admits only the
 * declared upstream pods. A pod without upstream (an initiator nobody sends to) gets no ingress listener at
 * all: the topology is the policy.
 */
export function ingressListener(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
): Listener | undefined {
  if (pod.upstream.length === 0) return undefined;
  return {
    name: LISTENER.ingress,
    address: socketAddress(ANY_ADDRESS, SIDECAR_INGRESS_PORT),
    filter_chains: [isOpenMtls(model) ? openMtlsChain(model, pod) : woSPChain(model, pod, options)],
  };
}

/** Mutual TLS terminated here; RBAC on the client certificate's identity; the bytes relayed as they are. */
function openMtlsChain(model: BlueprintModel, pod: PodModel): FilterChain {
  return {
    filters: [
      networkRbacFilter(LISTENER.ingress, upstreamIdentities(model, pod).map(certificatePeer)),
      tcpProxyFilter(LISTENER.ingress, CLUSTER.localApp),
    ],
    transport_socket: ingressTlsSocket(),
  };
}

function woSPChain(model: BlueprintModel, pod: PodModel, options: RenderOptions): FilterChain {
  const scope: WoSPScope = { direction: "ingress", peers: pod.upstream };
  const peers = pod.upstream.map(woSPPeer);
  if (isTunnel(model)) {
    return {
      filters: [
        woSPNetworkFilter(model, pod, scope, options),
        networkRbacFilter(LISTENER.ingress, peers),
        tcpProxyFilter(LISTENER.ingress, CLUSTER.localApp),
      ],
    };
  }
  const filters = [woSPHttpFilter(model, pod, scope, options), httpRbacFilter(peers)];
  return {
    filters: [
      httpConnectionManager(
        LISTENER.ingress,
        [routeTo(CLUSTER.localApp, pod.protocol)],
        filters,
        pod.protocol,
      ),
    ],
  };
}

/**
 * Pod id → workload identity, made once per model: looking each upstream pod up in `model.pods` would
 * make rendering a network's bootstraps quadratic in its size.
 */
const identitiesByModel = new WeakMap<BlueprintModel, ReadonlyMap<string, string>>();

/** The workload identities of the pod's upstream pods, in the order of `pod.upstream`. */
function upstreamIdentities(model: BlueprintModel, pod: PodModel): string[] {
  let identities = identitiesByModel.get(model);
  if (identities === undefined) {
    identities = new Map(model.pods.map((candidate) => [candidate.id, candidate.identity]));
    identitiesByModel.set(model, identities);
  }
  const byId = identities;
  return pod.upstream.map((id) => {
    const identity = byId.get(id);
    if (identity === undefined) {
      throw new Error(`ingressListener: upstream pod ${id} of ${pod.id} is not in the model`);
    }
    return identity;
  });
}
