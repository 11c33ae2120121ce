import type { IndexedEdge } from "../rule.js";
import { edgePath, type Rule } from "../rule.js";
import type { Graph } from "../graph.js";

/**
 * `cycle`: a cycle must pass through an initiator (the baton returning home); any other cycle would pass
 * messages round forever. Finds the strongly connected components of the graph without its initiators.
 */
export const cycleRule: Rule = {
  id: "cycle",
  graph: true,
  check({ graph }, report) {
    for (const component of componentsWithoutInitiators(graph)) {
      const members = new Set(component);
      const closing = component
        .flatMap((id) => graph.out.get(id) ?? [])
        .filter(({ edge }) => members.has(edge.to))
        .reduce((a, b) => (b.index < a.index ? b : a));
      const path = pathWithin(graph, members, closing.edge.to, closing.edge.from);
      report(
        edgePath(closing.index),
        `cycle ${[...path, closing.edge.to].join(" → ")} does not pass through an initiator`,
        "messages would circle forever; route the loop back through an initiator (where a returning task completes), or remove an edge of it",
      );
    }
  },
};

/** Tarjan's algorithm, iterative so that a long chain cannot overflow the stack. Components of 2+ pods. */
function componentsWithoutInitiators(graph: Graph): string[][] {
  const inside = (id: string) => graph.pods.get(id)?.pod.role !== "initiator";
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.pods.keys()) {
    if (!inside(root) || index.has(root)) continue;
    const work: { id: string; edges: IndexedEdge[]; next: number }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: (graph.out.get(id) ?? []).filter(({ edge }) => inside(edge.to)), next: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const edge = frame.edges[frame.next++];
      if (edge) {
        const to = edge.edge.to;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(to) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
        onStack.delete(id);
        component.push(id);
        if (id === frame.id) break;
      }
      if (component.length > 1) components.push(component.reverse());
    }
  }
  return components;
}

/** A shortest path from `from` to `to` inside one component (breadth-first). */
function pathWithin(graph: Graph, members: Set<string>, from: string, to: string): string[] {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let id = queue.shift(); id !== undefined && id !== to; id = queue.shift()) {
    for (const { edge } of graph.out.get(id) ?? []) {
      if (!members.has(edge.to) || previous.has(edge.to)) continue;
      previous.set(edge.to, id);
      queue.push(edge.to);
    }
  }
  const path = [to];
  for (let id = to; id !== from;) {
    id = previous.get(id) ?? from;
    path.push(id);
  }
  return path.reverse();
}
