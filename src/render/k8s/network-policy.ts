import type { BlueprintModel, PodModel } from "../../model/model.js";
import { namespaceOf } from "../../model/names.js";
import { SIDECAR_HEALTH_PORT, SIDECAR_INGRESS_PORT } from "../../spec/constants.js";
import { podObjectMeta, selectorLabels } from "./labels.js";
import type {
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
} from "./types.js";

/**
 * The Web Retriever's seed sources and the WoSP licence checks (wosp profile) are HTTPS endpoints outside
 * the cluster; in both profiles the app's own calls out go there too.
 */
const HTTPS_PORT = 443;
/** Set by the API server on every namespace, so a peer cannot claim it by labelling its own namespace. */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Supplementary hardening: the sidecar's cryptographic checks (WoSP, or mutual TLS with RBAC on the peer's
 * identity in open-mtls) are the primary control, and this policy only narrows what the CNI lets through
 * to the declared topology. Both sidecars listen on the same ports, so the policy is the same in both
 * profiles. A rule with no peers would admit every source, so a rule is written only when its peer list is
 * non-empty.
 */
export function renderNetworkPolicy(model: BlueprintModel, pod: PodModel): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: podObjectMeta(model, pod, pod.id),
    spec: {
      podSelector: { matchLabels: selectorLabels(model.name, pod.id) },
      policyTypes: ["Ingress", "Egress"],
      ingress: ingressRules(model, pod),
      egress: egressRules(model, pod),
    },
  };
}

function ingressRules(model: BlueprintModel, pod: PodModel): NetworkPolicyIngressRule[] {
  const rules: NetworkPolicyIngressRule[] = [];
  if (pod.upstream.length > 0) {
    const from = pod.upstream.map((id) => podPeer(model.name, id, namespaceOf(model.name, id)));
    rules.push({ from, ports: [tcp(SIDECAR_INGRESS_PORT)] });
  }
  // External callers come from anywhere; TLS (and for tier 2, client certificates) guard the listener.
  if (pod.pinhole) rules.push({ ports: [tcp(pod.pinhole.port)] });
  // The kubelet probes the sidecar's /ready from the node; the listener serves nothing else.
  rules.push({ ports: [tcp(SIDECAR_HEALTH_PORT)] });
  return rules;
}

function egressRules(model: BlueprintModel, pod: PodModel): NetworkPolicyEgressRule[] {
  const rules: NetworkPolicyEgressRule[] = [];
  if (pod.downstream.length > 0) {
    const to = pod.downstream.map((route) => podPeer(model.name, route.pod, route.namespace));
    rules.push({ to, ports: [tcp(SIDECAR_INGRESS_PORT)] });
  }
  const { dns, outboundHttps } = model.cluster;
  rules.push({
    to: [
      { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } } },
      ...dns.cidrs.map(ipBlock),
    ],
    ports: [{ protocol: "UDP", port: dns.port }, tcp(dns.port)],
  });
  // A NetworkPolicy selects pods, not containers: the sidecar's HTTPS is every container's HTTPS.
  rules.push({ ...(outboundHttps && { to: outboundHttps.map(ipBlock) }), ports: [tcp(HTTPS_PORT)] });
  return rules;
}

function podPeer(network: string, podId: string, namespace: string): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    podSelector: { matchLabels: selectorLabels(network, podId) },
  };
}

function ipBlock(cidr: string): NetworkPolicyPeer {
  return { ipBlock: { cidr } };
}

function tcp(port: number): { protocol: "TCP"; port: number } {
  return { protocol: "TCP", port };
}
