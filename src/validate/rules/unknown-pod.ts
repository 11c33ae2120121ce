import { closest } from "../suggest.js";
import { edgePath, type Rule } from "../rule.js";

/** `unknown-pod`: both ends of every edge are declared pods. */
export const unknownPodRule: Rule = {
  id: "unknown-pod",
  graph: true,
  check({ edges, graph }, report) {
    const ids = [...graph.pods.keys()];
    for (const { index, edge } of edges) {
      for (const end of ["from", "to"] as const) {
        const id = edge[end];
        if (graph.pods.has(id)) continue;
        const guess = closest(id, ids);
        report(
          edgePath(index, end),
          `edge ${end} \`${id}\`, which is not a declared pod`,
          guess ? `did you mean \`${guess}\`?` : `declare \`${id}\` under spec.pods, or use one of: ${ids.join(", ")}`,
        );
      }
    }
  },
};
