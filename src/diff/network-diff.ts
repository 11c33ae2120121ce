import type { Blueprint } from "./blueprint.js";
import type {
  Change,
  EdgeSummary,
  NetworkDiff,
  PodChange,
  PodFieldChange,
  PodSummary,
  SecuritySummary,
} from "./result.js";

/** Pods by id and edges by their ends: linear in the size of both networks. */
export function diffNetworks(old: Blueprint, next: Blueprint): NetworkDiff {
  const oldPods = new Map(old.pods.map((pod) => [pod.id, podSummary(pod)]));
  const newPods = new Map(next.pods.map((pod) => [pod.id, podSummary(pod)]));
  const changed: PodChange[] = [];
  for (const [id, pod] of newPods) {
    const before = oldPods.get(id);
    const changes = before ? podChanges(before, pod) : [];
    if (changes.length > 0) changed.push({ id, changes });
  }
  const oldEdges = new Map(old.edges.map((edge) => [edgeKey(edge), edgeSummary(edge)]));
  const newEdges = new Map(next.edges.map((edge) => [edgeKey(edge), edgeSummary(edge)]));
  const security = { old: securitySummary(old), new: securitySummary(next) };
  const bothWosp = security.old.profile === "wosp" && security.new.profile === "wosp";
  return {
    name: changeOf(old.network.name, next.network.name),
    title: changeOf(old.network.title, next.network.title),
    security: sameSecurity(security.old, security.new) ? null : security,
    mode: bothWosp ? changeOf(old.mode, next.mode) : null,
    pods: { added: missingFrom(oldPods, newPods), removed: missingFrom(newPods, oldPods), changed },
    edges: { added: missingFrom(oldEdges, newEdges), removed: missingFrom(newEdges, oldEdges) },
  };
}

export function networkChanged(network: NetworkDiff): boolean {
  const { pods, edges } = network;
  return (
    network.name !== null ||
    network.title !== null ||
    network.security !== null ||
    network.mode !== null ||
    pods.added.length +
      pods.removed.length +
      pods.changed.length +
      edges.added.length +
      edges.removed.length >
      0
  );
}

/** A blueprint without `security` is of an earlier lane7 release: all of those are of the wosp profile. */
function securitySummary({ security }: Blueprint): SecuritySummary {
  if (security?.profile !== "open-mtls") {
    return { profile: "wosp", certificateHours: null, certManagerNamespace: null };
  }
  return {
    profile: security.profile,
    certificateHours: security.certificateHours ?? null,
    certManagerNamespace: security.certManagerNamespace ?? null,
  };
}

function sameSecurity(old: SecuritySummary, next: SecuritySummary): boolean {
  return (
    old.profile === next.profile &&
    old.certificateHours === next.certificateHours &&
    old.certManagerNamespace === next.certManagerNamespace
  );
}

function podSummary(pod: Blueprint["pods"][number]): PodSummary {
  const { id, role, protocol, namespace, pinhole } = pod;
  return { id, role, protocol, namespace, pinhole: pinhole && { tier: pinhole.tier, port: pinhole.port } };
}

function edgeSummary({ from, to, protocol }: Blueprint["edges"][number]): EdgeSummary {
  return { from, to, protocol };
}

function edgeKey(edge: { from: string; to: string }): string {
  return `${edge.from}\u0000${edge.to}`;
}

function podChanges(old: PodSummary, next: PodSummary): PodFieldChange[] {
  const changes: PodFieldChange[] = [];
  if (old.role !== next.role) changes.push({ field: "role", old: old.role, new: next.role });
  if (old.protocol !== next.protocol)
    changes.push({ field: "protocol", old: old.protocol, new: next.protocol });
  if (old.pinhole?.tier !== next.pinhole?.tier || old.pinhole?.port !== next.pinhole?.port) {
    changes.push({ field: "pinhole", old: old.pinhole, new: next.pinhole });
  }
  if (old.namespace !== next.namespace) {
    changes.push({ field: "namespace", old: old.namespace, new: next.namespace });
  }
  return changes;
}

function changeOf<T>(old: T, next: T): Change<T> | null {
  return old === next ? null : { old, new: next };
}

/** The values of `to` whose keys `from` lacks, in `to`'s order. */
function missingFrom<T>(from: ReadonlyMap<string, unknown>, to: ReadonlyMap<string, T>): T[] {
  return [...to].filter(([key]) => !from.has(key)).map(([, value]) => value);
}
