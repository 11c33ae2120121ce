import {
  AUTO_TRIGGER_DEFAULTS,
  CHIPS_ALGORITHM,
  CLUSTER_DEFAULTS,
  EGRESS_PORT_FIRST,
  PINHOLE_DEFAULT_PORT,
  SECURITY_DEFAULTS,
} from "../spec/constants.js";
import type {
  ClusterDescription,
  NetworkDescription,
  PodDescription,
  SecurityDescription,
} from "../spec/network.js";
import type { BlueprintModel, ClusterModel, EdgeModel, PodModel, Route, SecurityModel } from "./model.js";
import { namespaceOf, serviceHostOf, workloadIdentityOf } from "./names.js";

/** A valid description → the blueprint model. Pure and linear in the size of the network. */
export function resolve(network: NetworkDescription): BlueprintModel {
  const name = network.metadata.name;
  const mode = network.spec.mode ?? "armored-tunnel";
  const cluster = clusterModel(network.spec.cluster);
  const pods = network.spec.pods.map((pod) => podModel(name, pod, cluster.domain));
  const byId = new Map(pods.map((pod) => [pod.id, pod]));
  const edges: EdgeModel[] = [];
  for (const { from, to } of network.spec.edges) {
    const sender = byId.get(from);
    const target = byId.get(to);
    if (!sender || !target) throw new Error(`resolve: edge ${from} → ${to} names an unknown pod`);
    const route: Route = {
      pod: target.id,
      namespace: target.namespace,
      host: target.host,
      identity: target.identity,
      protocol: target.protocol,
      egressPort: EGRESS_PORT_FIRST + sender.downstream.length,
    };
    sender.downstream.push(route);
    target.upstream.push(sender.id);
    edges.push({ from, to, protocol: target.protocol, egressPort: route.egressPort });
  }
  for (const pod of pods)
    pod.isExit = pod.role === "terminator" || (pod.role === "aggregator" && pod.downstream.length === 0);
  return {
    name,
    title: network.metadata.title ?? name,
    security: securityModel(network.spec.security),
    mode,
    chipsAlgorithm: CHIPS_ALGORITHM[mode],
    pods,
    edges,
    deployOrder: deployOrder(pods, byId),
    cluster,
    autoTrigger: {
      count: network.spec.autoTrigger?.count ?? AUTO_TRIGGER_DEFAULTS.count,
      intervalSeconds: network.spec.autoTrigger?.interval ?? AUTO_TRIGGER_DEFAULTS.interval,
    },
  };
}

/** spec.security (or blueprint.yaml's `security`, of the same shape) with its defaults filled in. */
export function securityModel(security: SecurityDescription | undefined): SecurityModel {
  if ((security?.profile ?? SECURITY_DEFAULTS.profile) === "wosp") return { profile: "wosp" };
  return {
    profile: "open-mtls",
    certificateHours: security?.certificateHours ?? SECURITY_DEFAULTS.certificateHours,
    certManagerNamespace: security?.certManagerNamespace ?? SECURITY_DEFAULTS.certManagerNamespace,
  };
}

function clusterModel(cluster: ClusterDescription | undefined): ClusterModel {
  return {
    domain: cluster?.domain ?? CLUSTER_DEFAULTS.domain,
    dns: {
      namespace: cluster?.dns?.namespace ?? CLUSTER_DEFAULTS.dnsNamespace,
      port: cluster?.dns?.port ?? CLUSTER_DEFAULTS.dnsPort,
      cidrs: [...(cluster?.dns?.cidrs ?? [])],
    },
    outboundHttps: cluster?.outboundHttps ? [...cluster.outboundHttps] : null,
  };
}

function podModel(network: string, pod: PodDescription, clusterDomain: string): PodModel {
  const namespace = namespaceOf(network, pod.id);
  return {
    id: pod.id,
    role: pod.role,
    protocol: pod.protocol ?? "http",
    namespace,
    host: serviceHostOf(pod.id, namespace, clusterDomain),
    pinhole: pod.pinhole ? { tier: pod.pinhole.tier, port: pod.pinhole.port ?? PINHOLE_DEFAULT_PORT } : null,
    identity: workloadIdentityOf(network, pod.id, clusterDomain),
    upstream: [],
    downstream: [],
    isExit: false,
  };
}

/**
 * Downstream first, so that a pod's targets are up before it sends. Edges back into an initiator close the
 * only cycles a valid network has, so without them the graph is acyclic; ties keep declaration order.
 */
function deployOrder(pods: PodModel[], byId: Map<string, PodModel>): string[] {
  const pending = new Map(pods.map((pod) => [pod.id, 0]));
  const forward = (pod: PodModel) =>
    pod.downstream.filter((route) => byId.get(route.pod)?.role !== "initiator");
  for (const pod of pods)
    for (const route of forward(pod)) pending.set(route.pod, (pending.get(route.pod) ?? 0) + 1);
  const order: string[] = [];
  const ready = pods.filter((pod) => pending.get(pod.id) === 0);
  for (let i = 0; i < ready.length; i++) {
    const pod = ready[i];
    if (!pod) continue;
    order.push(pod.id);
    for (const route of forward(pod)) {
      const left = (pending.get(route.pod) ?? 0) - 1;
      pending.set(route.pod, left);
      const next = byId.get(route.pod);
      if (left === 0 && next) ready.push(next);
    }
  }
  if (order.length !== pods.length)
    throw new Error("resolve: the network has a cycle that avoids every initiator");
  return order.reverse();
}
