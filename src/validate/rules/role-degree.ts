import { plural } from "../../plural.js";
import type { Role } from "../../spec/constants.js";
import { EGRESS_PORT_FIRST, EGRESS_PORT_LAST } from "../../spec/constants.js";
import { podPath, type Rule } from "../rule.js";

interface Degree {
  minIn: number;
  minOut: number;
  maxOut: number;
  why: string;
}

const EGRESS_PORTS = EGRESS_PORT_LAST - EGRESS_PORT_FIRST + 1;

const DEGREES: Record<Role, Degree> = {
  initiator: {
    minIn: 0,
    minOut: 1,
    maxOut: EGRESS_PORTS,
    why: "an initiator sends each task on to at least one pod",
  },
  relay: {
    minIn: 1,
    minOut: 1,
    maxOut: EGRESS_PORTS,
    why: "a relay receives from upstream and forwards downstream",
  },
  aggregator: {
    minIn: 2,
    minOut: 0,
    maxOut: EGRESS_PORTS,
    why: "an aggregator merges the branches of at least two upstream pods",
  },
  terminator: {
    minIn: 1,
    minOut: 0,
    maxOut: 0,
    why: "a terminator is an exit: it receives and stores results, and sends nothing on",
  },
};

/** `role-degree`: each role's required number of incoming and outgoing edges. */
export const roleDegreeRule: Rule = {
  id: "role-degree",
  graph: true,
  check({ graph }, report) {
    for (const { index, pod } of graph.pods.values()) {
      const rule = DEGREES[pod.role];
      const inCount = graph.in.get(pod.id)?.length ?? 0;
      const outCount = graph.out.get(pod.id)?.length ?? 0;
      const problems: string[] = [];
      if (inCount < rule.minIn)
        problems.push(`${plural(inCount, "incoming edge")} (needs at least ${rule.minIn})`);
      if (outCount < rule.minOut)
        problems.push(`${plural(outCount, "outgoing edge")} (needs at least ${rule.minOut})`);
      if (outCount > rule.maxOut) {
        problems.push(`${plural(outCount, "outgoing edge")} (allows at most ${rule.maxOut})`);
      }
      if (problems.length === 0) continue;
      report(
        podPath(index, "role"),
        `${pod.role} \`${pod.id}\` has ${problems.join(" and ")}`,
        `${rule.why}; ${fix(pod.role, inCount, outCount)}`,
      );
    }
  },
};

function fix(role: Role, inCount: number, outCount: number): string {
  if (role === "terminator" && outCount > 0)
    return "make it a relay (or an aggregator) if it must forward, or remove its outgoing edges";
  if (role === "aggregator" && inCount < 2)
    return "make it a relay if it has one upstream pod, or add an edge from another branch";
  if (outCount > EGRESS_PORTS)
    return `each downstream edge takes one egress port in ${EGRESS_PORT_FIRST}-${EGRESS_PORT_LAST}`;
  return inCount === 0 && role !== "initiator"
    ? "add an edge into it from an upstream pod"
    : "add an edge from it to a downstream pod";
}
