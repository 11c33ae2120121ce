import { setTimeout as sleep } from "node:timers/promises";
import { terminalSafe } from "../control-characters.js";
import type { Io, Style } from "../io.js";
import type { BlueprintModel } from "../model/model.js";
import { plural } from "../plural.js";
import { clusterApis, type ClusterApis } from "./apis.js";
import { clusterError, type Cluster } from "./connect.js";
import { readPodStates } from "./pod-state.js";
import { summarize, type PodSummary } from "./pod-summary.js";

export interface RolloutOptions {
  /** Give up after this many seconds. */
  timeoutSeconds: number;
  /** Between two looks at the cluster; default 1000. */
  intervalMs?: number;
}

export interface RolloutResult {
  /** Every Deployment of the network rolled out. */
  ready: boolean;
  seconds: number;
  /** Every pod of the network, in the model's order, as last seen; a pod not ready says why. */
  pods: PodSummary[];
}

const DEFAULT_INTERVAL_MS = 1_000;

/**
 * Waits until every Deployment of `model` has rolled out (ready replicas = desired, of the latest
 * generation), for at most `timeoutSeconds`. On a terminal, stderr shows a line per pod, redrawn at every
 * look. Returns the last state seen: on a timeout each pod not ready says why (unschedulable, an image
 * it cannot pull, admission refusing its Pods, a crash loop…); print it with formatRollout. An API error
 * throws the UserError of clusterError.
 */
export async function waitForRollout(
  cluster: Cluster,
  model: BlueprintModel,
  options: RolloutOptions,
  io: Io,
): Promise<RolloutResult> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1_000;
  const progress = progressView(io);
  try {
    const apis = await clusterApis(cluster.config);
    for (;;) {
      const pods = await look(apis, model);
      progress(pods);
      const ready = pods.every((pod) => pod.ready);
      if (ready || Date.now() >= deadline) return { ready, seconds: (Date.now() - started) / 1_000, pods };
      await sleep(Math.min(options.intervalMs ?? DEFAULT_INTERVAL_MS, Math.max(0, deadline - Date.now())));
    }
  } catch (error) {
    throw clusterError(error, cluster.target, "waiting for the rollouts");
  }
}

async function look(apis: ClusterApis, model: BlueprintModel): Promise<PodSummary[]> {
  return (await readPodStates(apis, model)).map(summarize);
}

/** The result of waitForRollout for stderr: one line when every pod is ready, else each pod not ready and why. */
export function formatRollout(result: RolloutResult, style: Style): string {
  const seconds = Math.round(result.seconds);
  if (result.ready)
    return `${style.green("rolled out")}: ${plural(result.pods.length, "pod")} ready (${seconds} s)\n`;
  const waiting = result.pods.filter((pod) => !pod.ready);
  const lines = [
    `${style.red("not rolled out")} after ${seconds} s: ${waiting.length} of ${plural(result.pods.length, "pod")} not ready`,
  ];
  for (const pod of waiting) {
    lines.push(`  ${style.bold(pod.pod)} (${pod.namespace}): ${replicas(pod)}`);
    for (const problem of pod.problems) lines.push(`    ${problemLine(problem)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function replicas(pod: PodSummary): string {
  return `${pod.readyReplicas}/${pod.desiredReplicas} ready`;
}

export function problemLine(problem: PodSummary["problems"][number]): string {
  const where = problem.pod === undefined ? "" : `${problem.pod}: `;
  return terminalSafe(`${where}${problem.message}`, { oneLine: true });
}

/**
 * On a terminal, one line per pod, redrawn in place (each cut to the terminal's width, so that none wraps
 * and the redraw finds its lines); elsewhere, nothing: the result says it all.
 */
function progressView(io: Io): (pods: readonly PodSummary[]) => void {
  if (io.stderr.isTTY !== true) return () => undefined;
  const width = Math.max(20, (io.stderr.columns ?? 80) - 1);
  let drawn = 0;
  return (pods) => {
    const lines = pods.map((pod) => {
      const first = pod.problems[0];
      const why = pod.ready || first === undefined ? "" : `  ${problemLine(first)}`;
      return `${pod.ready ? "✓" : "…"} ${pod.pod}  ${replicas(pod)}${why}`.slice(0, width);
    });
    const up = drawn > 0 ? `\u001b[${drawn}A` : "";
    io.stderr.write(`${up}${lines.map((line) => `\u001b[2K${line}\n`).join("")}`);
    drawn = lines.length;
  };
}
