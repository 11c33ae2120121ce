import { podPath, type Rule } from "../rule.js";

/** `pinhole-role`: pinholes only where external callers have something to call: initiators and exits. */
export const pinholeRoleRule: Rule = {
  id: "pinhole-role",
  graph: false,
  check({ pods, graph }, report) {
    for (const { index, pod } of pods) {
      if (!pod.pinhole || pod.role === "initiator" || pod.role === "terminator") continue;
      const downstream = graph.out.get(pod.id)?.length ?? 0;
      if (pod.role === "aggregator" && downstream === 0) continue;
      report(
        podPath(index, "pinhole"),
        pod.role === "aggregator"
          ? `aggregator \`${pod.id}\` has a pinhole but forwards downstream, so it is not an exit`
          : `relay \`${pod.id}\` cannot have a pinhole`,
        "pinholes belong on initiators (callers POST /trigger) and exits (callers GET /output); move it to one of those, or remove it",
        { key: true },
      );
    }
  },
};
