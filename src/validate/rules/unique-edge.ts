import { edgeKey } from "../graph.js";
import { edgePath, type Rule } from "../rule.js";

/** `unique-edge`: each connection is declared once. */
export const uniqueEdgeRule: Rule = {
  id: "unique-edge",
  graph: false,
  check({ edges }, report) {
    const first = new Map<string, number>();
    for (const { index, edge } of edges) {
      const key = edgeKey(edge);
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, index);
        continue;
      }
      report(
        edgePath(index),
        `edge ${edge.from} → ${edge.to} is declared twice (first as spec.edges[${earlier}])`,
        "remove the repeated edge",
      );
    }
  },
};
