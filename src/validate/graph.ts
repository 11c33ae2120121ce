import type { EdgeDescription, PodDescription } from "../spec/network.js";
import type { IndexedEdge, IndexedPod } from "./rule.js";

/**
 * The declared graph as the rules read it: the first declaration of each pod id, and each distinct edge
 * between two known pods once (duplicates, self-edges and unknown endpoints have rules of their own).
 */
export interface Graph {
  pods: Map<string, IndexedPod>;
  out: Map<string, IndexedEdge[]>;
  in: Map<string, IndexedEdge[]>;
}

export function buildGraph(pods: readonly IndexedPod[], edges: readonly IndexedEdge[]): Graph {
  const graph: Graph = { pods: new Map(), out: new Map(), in: new Map() };
  for (const entry of pods) {
    if (graph.pods.has(entry.pod.id)) continue;
    graph.pods.set(entry.pod.id, entry);
    graph.out.set(entry.pod.id, []);
    graph.in.set(entry.pod.id, []);
  }
  const seen = new Set<string>();
  for (const entry of edges) {
    const { from, to } = entry.edge;
    const key = edgeKey(entry.edge);
    if (from === to || seen.has(key)) continue;
    const outgoing = graph.out.get(from);
    const incoming = graph.in.get(to);
    if (!outgoing || !incoming) continue;
    seen.add(key);
    outgoing.push(entry);
    incoming.push(entry);
  }
  return graph;
}

export function edgeKey(edge: EdgeDescription): string {
  return JSON.stringify([edge.from, edge.to]);
}

export function isInitiator(pod: PodDescription): boolean {
  return pod.role === "initiator";
}
