import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../exit-codes.js";
import { decimalNumber, wholeNumber } from "../numbers.js";
import { getJson } from "./http-get.js";

export interface LivenessSettings {
  /** Time between two probes of a pod's GET /healthz; also how long one probe may take. */
  intervalMs: number;
  /** Probes missed in a row before a pod counts as not responding. */
  misses: number;
}

const DEFAULT_INTERVAL_SECONDS = 2;
const DEFAULT_MISSES = 3;

/**
 * LANE7_LIVENESS_INTERVAL (seconds, at least 0.05) and LANE7_LIVENESS_MISSES (a whole number, 1 or more),
 * read by `lane7 run` only; unset, 2 s and 3 misses. Anything else is a UserError naming the variable.
 */
export function livenessFrom(env: Readonly<Record<string, string | undefined>>): LivenessSettings {
  const interval = read(env, "LANE7_LIVENESS_INTERVAL", DEFAULT_INTERVAL_SECONDS, decimalNumber, 0.05);
  const misses = read(env, "LANE7_LIVENESS_MISSES", DEFAULT_MISSES, wholeNumber, 1);
  return { intervalMs: interval * 1000, misses };
}

function read(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  parse: (text: string) => number | undefined,
  minimum: number,
): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = parse(text);
  if (value === undefined || value < minimum)
    throw new UserError(`${name}=${text} is not valid: see "lane7 run" in the README (default ${fallback})`);
  return value;
}

export interface LivenessWatch {
  pod: string;
  port: number;
  /** Whether the pod's process still runs: once it has exited, its exit is reported instead. */
  running: () => boolean;
  /** The pod has missed `misses` probes in a row; `silentMs` since its last answer. */
  onUnresponsive: (silentMs: number) => void;
  /** A pod reported unresponsive answered again; `silentMs` since its last answer before. */
  onRecovered: (silentMs: number) => void;
}

/**
 * Probes one pod's GET /healthz until `stop` aborts or the pod exits, and reports when it stops answering
 * (a pod stopped with SIGSTOP still accepts connections, but never answers) and when it answers again.
 * Each probe is aborted after the interval or on `stop`, so none outlives the run or holds its socket.
 */
export async function watchLiveness(
  watch: LivenessWatch,
  { intervalMs, misses }: LivenessSettings,
  stop: AbortSignal,
): Promise<void> {
  let missed = 0;
  let lastAnswer = performance.now();
  let unresponsive = false;
  const live = () => !stop.aborted && watch.running();
  while (live()) {
    const probedAt = performance.now();
    const answered = await getJson(watch.port, "/healthz", intervalMs, stop).then(
      () => true,
      () => false,
    );
    if (!live()) return;
    if (answered) {
      if (unresponsive) watch.onRecovered(probedAt - lastAnswer);
      missed = 0;
      unresponsive = false;
      lastAnswer = performance.now();
    } else if (++missed >= misses && !unresponsive) {
      unresponsive = true;
      watch.onUnresponsive(performance.now() - lastAnswer);
    }
    const wait = intervalMs - (performance.now() - probedAt);
    if (wait > 0) await sleep(wait, undefined, { signal: stop }).catch(() => undefined);
  }
}
