import { spawn, type ChildProcess } from "node:child_process";
import { dirname } from "node:path";
import { createInterface } from "node:readline";

export interface PodExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

/**
 * Starts app.py through a few lines of Python that first ask Linux to send it SIGKILL should lane7 itself
 * die (PR_SET_PDEATHSIG, kept across exec), then exec the interpreter on app.py: the pod keeps the pid,
 * runs the very file, and is never left behind, even by a `kill -9` of lane7. SIGKILL, not SIGTERM: a pod
 * stopped (SIGSTOP) would not act on SIGTERM until continued, and would keep its ports open.
 */
const BOOTSTRAP = `
import ctypes, os, signal, sys
if sys.platform == "linux":
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != int(sys.argv[2]):
        sys.exit("lane7 run stopped before the pod started")
os.execv(sys.executable, [sys.executable, sys.argv[1]])
`;

export interface PodProcessOptions {
  pod: string;
  python: string;
  appFile: string;
  env: Record<string, string | undefined>;
  onLine: (stream: "stdout" | "stderr", line: string) => void;
}

export class PodProcess {
  readonly pod: string;
  readonly pid: number | undefined;
  /** Resolves once the process has exited and its output is read to the end. */
  readonly exited: Promise<PodExit>;
  exit: PodExit | null = null;
  private readonly child: ChildProcess;

  constructor(options: PodProcessOptions) {
    this.pod = options.pod;
    // Its own process group: a Ctrl-C reaches lane7 alone, which then stops every pod itself.
    const child = (this.child = spawn(
      options.python,
      ["-c", BOOTSTRAP, options.appFile, String(process.pid)],
      {
        cwd: dirname(options.appFile),
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    ));
    this.pid = child.pid;
    for (const stream of ["stdout", "stderr"] as const)
      createInterface({ input: child[stream], crlfDelay: Infinity }).on("line", (line) => {
        options.onLine(stream, line);
      });
    this.exited = new Promise((resolve) => {
      child.on("error", (error) => {
        this.exit ??= { code: null, signal: null, error };
        resolve(this.exit);
      });
      child.on("close", (code, signal) => {
        this.exit ??= { code, signal };
        resolve(this.exit);
      });
    });
  }

  signal(name: NodeJS.Signals): void {
    if (this.exit === null) this.child.kill(name);
  }
}

/** SIGTERM to every pod still running, SIGKILL to those still running after `graceMs`; waits for all. */
export async function stopAll(pods: readonly PodProcess[], graceMs: number): Promise<void> {
  for (const pod of pods) pod.signal("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  await Promise.race([Promise.all(pods.map((pod) => pod.exited)), grace]);
  clearTimeout(timer);
  for (const pod of pods) pod.signal("SIGKILL");
  await Promise.all(pods.map((pod) => pod.exited));
}

export function describeExit(exit: PodExit): string {
  if (exit.error) return `could not start: ${exit.error.message}`;
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exited with code ${String(exit.code)}`;
}
