import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { BIN, ROOT } from "../support/cli.js";

/** A `lane7 run` started from the built CLI, its output collected line by line as it comes. */
export class Lane7Run {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly watchers: (() => void)[] = [];

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [BIN, "run", ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of ["stdout", "stderr"] as const) {
      const input = this.child[stream];
      if (!input) throw new Error(`no ${stream}`);
      createInterface({ input }).on("line", (line) => {
        this[stream].push(line);
        for (const watcher of this.watchers) watcher();
      });
    }
    this.exited = new Promise((resolve) =>
      this.child.on("close", (code) => {
        resolve(code);
      }),
    );
  }

  /** Stops reading lane7's stdout, as `lane7 run … | head` does once it has its lines. */
  closeStdout(): void {
    this.child.stdout?.destroy();
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("lane7 run did not start");
    return this.child.pid;
  }

  /** The first line of stdout or stderr matching `pattern`, waiting up to `timeoutMs` for it. */
  async line(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const find = () => {
      for (const line of [...this.stderr, ...this.stdout]) {
        const match = pattern.exec(line);
        if (match) return match;
      }
      return null;
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms:\n${this.transcript()}`),
        );
      }, timeoutMs);
      const check = () => {
        const match = find();
        if (!match) return;
        clearTimeout(timer);
        this.watchers.splice(this.watchers.indexOf(check), 1);
        resolve(match);
      };
      this.watchers.push(check);
      void this.exited.then(() => setTimeout(check, 0));
      check();
    });
  }

  /** The pid of each pod, from `[lane7] started <pod> pid=<pid> ...`. */
  podPids(): Map<string, number> {
    const pids = new Map<string, number>();
    for (const line of this.stderr) {
      const match = /^\[lane7\] started (\S+) pid=(\d+) /.exec(line);
      if (match?.[1] && match[2]) pids.set(match[1], Number(match[2]));
    }
    return pids;
  }

  signal(name: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(name);
  }

  /** Stops the run if it still runs (the pods die with it: PR_SET_PDEATHSIG), and waits for it. */
  async dispose(): Promise<void> {
    this.signal("SIGTERM");
    const killer = setTimeout(() => {
      this.signal("SIGKILL");
    }, 15_000);
    await this.exited;
    clearTimeout(killer);
  }

  transcript(): string {
    return [...this.stderr.map((line) => `E ${line}`), ...this.stdout.map((line) => `O ${line}`)].join("\n");
  }
}

/** The pids among `pids` that are still an app.py process (a pid reused by something else does not count). */
export function runningApps(pids: Iterable<number>): number[] {
  return [...pids].filter((pid) => {
    const cmdline = `/proc/${pid}/cmdline`;
    if (existsSync(`/proc/${pid}`))
      return !existsSync(cmdline) || readFileSync(cmdline, "utf8").includes("app.py");
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

/** Waits (a little) for the pids to go: a SIGKILLed lane7's pods get SIGTERM and drain first. */
export async function leftoverApps(pids: Iterable<number>, waitMs = 0): Promise<number[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = runningApps(pids);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `<pod> | <time> INFO <pod> TASK <id> COMPLETE[ partial missing=[...]] trail=[...]` lines of stdout. */
export function completions(stdout: readonly string[]) {
  return stdout.flatMap((line) => {
    const match = /^(\S+) +\| \S+ INFO \S+ TASK (\S+) COMPLETE( partial missing=(\S+))? trail=(\S+)$/.exec(
      line,
    );
    if (!match?.[1] || !match[2] || !match[5]) return [];
    return [
      {
        pod: match[1],
        task: match[2],
        partial: match[3] !== undefined,
        missing: match[4] === undefined ? [] : (JSON.parse(match[4]) as string[]),
        trail: JSON.parse(match[5]) as string[],
      },
    ];
  });
}

/** From the summary: `<pod>: N completed here (P partial); GET /output count C`. */
export function summaryCounts(stderr: readonly string[]) {
  const counts = new Map<string, { completed: number; partial: number; output: number }>();
  for (const line of stderr) {
    const match =
      /^\[lane7\] {3}(\S+): (\d+) completed here \((\d+) partial\); GET \/output count (\d+)$/.exec(line);
    if (match?.[1])
      counts.set(match[1], {
        completed: Number(match[2]),
        partial: Number(match[3]),
        output: Number(match[4]),
      });
  }
  return counts;
}
