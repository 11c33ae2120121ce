import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlueprintModel } from "../../../src/model/model.js";
import { renderAppFiles } from "../../../src/render/app/index.js";
import { APP_ENV } from "../../../src/render/conventions.js";
import { freePort } from "../../../src/run/ports.js";
import { OPTIONS, fileContent, podOf } from "./networks.js";

/** One app.py running as a child process on localhost, its stdout and stderr collected. */
export interface RunningApp {
  id: string;
  /** The control port, behind the pinhole: /healthz, /trigger and /output. */
  controlUrl: string;
  /** The ingress port, behind the sidecar's ingress: POST /message and GET /ws from upstream pods. */
  ingressUrl: string;
  output: () => string;
  exited: Promise<number | null>;
  child: ChildProcess;
}

/** A free TCP port on 127.0.0.1, as lane7 run picks them (released at once; the app binds it a moment later). */
export { freePort };

/** Polls `probe` until it returns a value, failing after `timeoutMs` with `what` and the last error. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`,
  );
}

/** Waits for a line of the app's output to match `pattern` (log lines are written as events happen). */
export async function waitForLine(app: RunningApp, pattern: RegExp): Promise<void> {
  await waitFor(`${app.id} to log ${String(pattern)}`, () =>
    Promise.resolve(pattern.test(app.output()) || undefined),
  );
}

export async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * The apps of one test: each written to a temporary directory and started with its environment. `stopAll`
 * (for afterEach) stops every one still running, SIGKILL after a grace period, and removes the directory.
 */
export class AppRunner {
  private readonly dir = mkdtempSync(join(tmpdir(), "lane7-app-"));
  private readonly apps: RunningApp[] = [];

  constructor(private readonly python: string) {}

  /**
   * Starts the pod's app.py and waits for its /healthz. `env` sets APP_PORT (the ingress port); the control
   * port is `env`'s APP_CONTROL_PORT, or a free port.
   */
  async start(model: BlueprintModel, id: string, env: Record<string, string>): Promise<RunningApp> {
    const controlPort = env[APP_ENV.controlPort] ?? String(await freePort());
    const app = this.spawn(model, id, { ...env, [APP_ENV.controlPort]: controlPort });
    const { child } = app;
    await waitFor(`${id} /healthz`, async () => {
      if (child.exitCode !== null) throw new Error(`${id} exited ${child.exitCode}:\n${app.output()}`);
      const health = (await getJson(`${app.controlUrl}/healthz`)) as { status?: string };
      return health.status === "ok" ? true : undefined;
    });
    return app;
  }

  /** Starts the pod's app.py without waiting for it: for one that stops by itself at start-up. */
  spawn(model: BlueprintModel, id: string, env: Record<string, string>): RunningApp {
    const podDir = join(this.dir, `${id}-${this.apps.length}`);
    const controlPort = env[APP_ENV.controlPort] ?? "0";
    mkdirSync(podDir, { recursive: true });
    const files = renderAppFiles(model, podOf(model, id), OPTIONS);
    writeFileSync(join(podDir, "app.py"), fileContent(files, `${id}/app/app.py`));
    const child = spawn(this.python, ["app.py"], {
      cwd: podDir,
      env: {
        PATH: process.env.PATH,
        PYTHONDONTWRITEBYTECODE: "1",
        ...env,
        [APP_ENV.controlPort]: controlPort,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) =>
      child.once("close", (code) => {
        resolveExit(code);
      }),
    );
    const app: RunningApp = {
      id,
      controlUrl: `http://127.0.0.1:${controlPort}`,
      ingressUrl: `http://127.0.0.1:${env[APP_ENV.appPort] ?? ""}`,
      output: () => output,
      exited,
      child,
    };
    this.apps.push(app);
    return app;
  }

  /** SIGTERM, then SIGKILL if the app has not exited after `graceMs`; the exit code (null when killed). */
  async stop(app: RunningApp, graceMs = 10_000): Promise<number | null> {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return app.child.exitCode;
    app.child.kill("SIGTERM");
    const timer = setTimeout(() => app.child.kill("SIGKILL"), graceMs);
    const code = await app.exited;
    clearTimeout(timer);
    return code;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.apps.map((app) => this.stop(app, 3_000)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs an app.py given as source (on stdin) with nothing but PATH and `env`: for one that stops at start-up. */
export function runToExit(
  python: string,
  source: string,
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(python, ["-"], {
    input: source,
    env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: "1", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
