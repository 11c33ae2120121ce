import { edgePath, type Rule } from "../rule.js";

/** `self-edge`: a pod cannot send to itself through the network. */
export const selfEdgeRule: Rule = {
  id: "self-edge",
  graph: false,
  check({ edges }, report) {
    for (const { index, edge } of edges) {
      if (edge.from !== edge.to) continue;
      report(
        edgePath(index, "to"),
        `edge from \`${edge.from}\` to itself`,
        "a pod handles its own work in Section 1 of its app.py; remove this edge",
      );
    }
  },
};
