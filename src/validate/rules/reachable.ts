import { podPath, type Rule } from "../rule.js";

/** `reachable`: every pod can be reached from an initiator (silent when there is none: that is its own rule). */
export const reachableRule: Rule = {
  id: "reachable",
  graph: true,
  check({ graph }, report) {
    const starts = [...graph.pods.values()]
      .filter(({ pod }) => pod.role === "initiator")
      .map(({ pod }) => pod.id);
    if (starts.length === 0) return;
    const reached = new Set(starts);
    const queue = [...starts];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const { edge } of graph.out.get(next) ?? []) {
        if (reached.has(edge.to)) continue;
        reached.add(edge.to);
        queue.push(edge.to);
      }
    }
    for (const { index, pod } of graph.pods.values()) {
      // A pod with no incoming edge at all already has its `role-degree` finding: one cause, one finding.
      if (reached.has(pod.id) || (graph.in.get(pod.id)?.length ?? 0) === 0) continue;
      report(
        podPath(index, "id"),
        `pod \`${pod.id}\` cannot be reached from any initiator (${starts.join(", ")})`,
        "add an edge into it from a pod on a path from an initiator, or remove it",
      );
    }
  },
};
