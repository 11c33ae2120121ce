import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The daemons of the test cluster, each logging to <logs>/<name>.log. */
export interface Daemon {
  name: string;
  child: ChildProcess;
  log: string;
  /** Why it exited, once it has. */
  exited: string | null;
}

export function launch(logs: string, name: string, command: string, args: string[]): Daemon {
  const log = join(logs, `${name}.log`);
  const fd = openSync(log, "a");
  const child = spawn(command, args, { stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const daemon: Daemon = { name, child, log, exited: null };
  child.on("exit", (code, signal) => {
    daemon.exited = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
  });
  child.on("error", (error) => {
    daemon.exited = error.message;
  });
  return daemon;
}

/** Stops each daemon (SIGTERM, then SIGKILL after `graceMs`), in the order given. */
export async function stopAll(daemons: readonly Daemon[], graceMs = 5_000): Promise<void> {
  for (const daemon of daemons) {
    if (daemon.exited !== null || daemon.child.exitCode !== null) continue;
    const gone = new Promise((resolve) => daemon.child.once("exit", resolve));
    daemon.child.kill("SIGTERM");
    const timer = setTimeout(() => daemon.child.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** The last lines of a daemon's log, for an error message. */
export function logTail(daemon: Daemon, lines = 15): string {
  const text = readFileSync(daemon.log, "utf8").trimEnd().split("\n");
  return text.slice(-lines).join("\n");
}

/**
 * Polls `ready` every 100 ms until it is true; fails as soon as one of `daemons` exits, or after
 * `timeoutMs`, with the last lines of the log of the daemon concerned.
 */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  daemons: readonly Daemon[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = daemons.find((daemon) => daemon.exited !== null);
    if (dead) throw new Error(`${dead.name} stopped (${String(dead.exited)}):\n${logTail(dead)}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      const last = daemons.at(-1);
      throw new Error(`${what}: not after ${timeoutMs / 1000} s${last ? `\n${logTail(last)}` : ""}`);
    }
    await sleep(100);
  }
}
