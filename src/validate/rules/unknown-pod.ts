import { closest } from "../suggest.js";
import { edgePath, type Rule } from "../rule.js";

/** `unknown-pod`: both ends of every edge are declared pods. */
export const unknownPodRule: Rule = {
  id: "unknown-pod",
  graph: false,
  check({ edges, declaredIds }, report) {
    const ids = [...declaredIds];
    for (const { index, edge } of edges) {
      for (const end of ["from", "to"] as const) {
        const id = edge[end];
        if (declaredIds.has(id)) continue;
        // Never the edge's other end: that guess would make a self-edge.
        const other = edge[end === "from" ? "to" : "from"];
        const guess = closest(
          id,
          ids.filter((candidate) => candidate !== other),
        );
        report(
          edgePath(index, end),
          `edge ${end} \`${id}\`, which is not a declared pod`,
          guess
            ? `did you mean \`${guess}\`?`
            : `declare \`${id}\` under spec.pods, or use one of: ${ids.join(", ")}`,
        );
      }
    }
  },
};
