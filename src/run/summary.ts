import { plural } from "../plural.js";
import type { RunStats } from "./stats.js";

export interface SummaryInput {
  stats: RunStats;
  /** GET /output's count at each finishing pod at the end, or why it could not be read. */
  outputs: Map<string, number | string>;
  /** "<pod> <how it ended>" for every pod that stopped before lane7 stopped it. */
  failures: string[];
  /** Pods that stopped answering GET /healthz while running, and whether each answered again. */
  unresponsive: ReadonlyMap<string, { recovered: boolean }>;
  seconds: number;
}

/** The end-of-run report, one `[lane7]` line each (see README, "lane7 run"). */
export function summaryLines({ stats, outputs, failures, unresponsive, seconds }: SummaryInput): string[] {
  const lines = [
    `summary after ${seconds.toFixed(1)}s: ${plural(stats.started, "task")} started, ${stats.completed} completed`,
  ];
  for (const [pod, { count, partial }] of stats.completedAt) {
    const output = outputs.get(pod) ?? "not read";
    const shown = typeof output === "number" ? `GET /output count ${output}` : `GET /output ${output}`;
    lines.push(`  ${pod}: ${count} completed here (${partial} partial); ${shown}`);
  }
  lines.push(
    `  partial aggregations: ${stats.partialAggregations}`,
    `  retries: ${stats.retries}; failed deliveries: ${stats.failedDeliveries}`,
    `  sidecar sessions: ${stats.sessions}; rejected connections: ${stats.rejectedConnections}`,
    `  pods failed: ${failures.length === 0 ? "none" : failures.join("; ")}`,
    `  pods not responding: ${unresponsive.size === 0 ? "none" : notResponding(stats, unresponsive)}`,
  );
  return lines;
}

function notResponding(stats: RunStats, pods: SummaryInput["unresponsive"]): string {
  return [...pods]
    .map(
      ([pod, { recovered }]) =>
        `${pod} (${plural(stats.lostAt(pod), "task")} lost${recovered ? "; answered again" : ""})`,
    )
    .join("; ");
}
