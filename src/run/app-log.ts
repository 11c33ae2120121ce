/**
 * The events `lane7 run` counts, read from the log lines of app.py (templates/app: one line per event,
 * `<UTC time> <LEVEL> <pod> <EVENT> key=value ...`).
 */
export type AppEvent =
  | { kind: "started"; task: string }
  | { kind: "completed"; task: string; trail: string[]; partial: boolean }
  | { kind: "partial"; task: string }
  | { kind: "retry"; task: string; to: string }
  | { kind: "failed"; task: string; to: string };

const LINE = /^\S+ (?:DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ (.*)$/;
const STARTED = /^TASK (\S+) STARTED$/;
const COMPLETED = /^TASK (\S+) COMPLETE( partial missing=\S+)? trail=(\S+)$/;
const PARTIAL = /^PARTIAL task=(\S+) /;
const RETRY = /^RETRY task=(\S+) to=(\S+) /;
const FAILED = /^FAILED task=(\S+) to=(\S+) /;

export function parseAppLine(line: string): AppEvent | null {
  const message = LINE.exec(line)?.[1];
  if (message === undefined) return null;
  let match: RegExpExecArray | null;
  if ((match = STARTED.exec(message))) return { kind: "started", task: at(match, 1) };
  if ((match = COMPLETED.exec(message))) {
    const trail = parseTrail(at(match, 3));
    return trail && { kind: "completed", task: at(match, 1), trail, partial: match[2] !== undefined };
  }
  if ((match = PARTIAL.exec(message))) return { kind: "partial", task: at(match, 1) };
  if ((match = RETRY.exec(message))) return { kind: "retry", task: at(match, 1), to: at(match, 2) };
  if ((match = FAILED.exec(message))) return { kind: "failed", task: at(match, 1), to: at(match, 2) };
  return null;
}

function at(match: RegExpExecArray, group: number): string {
  return match[group] ?? "";
}

function parseTrail(json: string): string[] | null {
  try {
    const trail: unknown = JSON.parse(json);
    return Array.isArray(trail) && trail.every((pod) => typeof pod === "string") ? trail : null;
  } catch {
    return null;
  }
}
