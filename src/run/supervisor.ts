import { setTimeout as sleep } from "node:timers/promises";
import { EXIT, type ExitCode } from "../exit-codes.js";
import { plural } from "../plural.js";
import type { Io } from "../io.js";
import type { BlueprintModel, PodModel } from "../model/model.js";
import { pinholeEndpoint } from "../render/blueprint/topology.js";
import { APP_ENV } from "../render/conventions.js";
import { parseAppLine } from "./app-log.js";
import { refusalLine, type SidecarEvent } from "./events.js";
import { getJson } from "./http-get.js";
import { watchLiveness, type LivenessSettings } from "./liveness.js";
import { appFile, type LoadedBlueprint } from "./load-bundle.js";
import { RunOutput } from "./output.js";
import { startPinhole } from "./pinhole.js";
import { PodProcess, describeExit, stopAll } from "./pod-process.js";
import { freePort } from "./ports.js";
import { Keyring } from "./sidecar/crypto.js";
import type { Listener } from "./sidecar/listener.js";
import { openMtlsSidecars } from "./sidecar/mtls/sidecars.js";
import { startSidecars, wospSidecars, type Sidecars } from "./sidecar/sidecars.js";
import { RunStats, isFinishing } from "./stats.js";
import { summaryLines } from "./summary.js";

export interface RunSettings {
  python: string;
  /** Stop (exit 0) once this many tasks are complete. */
  until?: number;
  /** Give up (exit 1) after this many seconds. */
  timeoutSeconds?: number;
  /** The initiators' auto-trigger interval. */
  intervalSeconds: number;
  /** How often each pod's /healthz is probed once it is up, and how many misses make it unresponsive. */
  liveness: LivenessSettings;
  /** Aborted on Ctrl-C or SIGTERM. */
  stop: AbortSignal;
}

/** How long a pod has to answer /healthz after it is started. */
const STARTUP_MS = 30_000;
/** app.py drains its queue for up to 5 s on SIGTERM; after this it is killed. */
const STOP_GRACE_MS = 8_000;
/** The initiators' first test task, once every other pod is up. */
const FIRST_TRIGGER_DELAY_SECONDS = 0.5;

type Ending =
  { kind: "until" } | { kind: "signal" } | { kind: "timeout" } | { kind: "failed"; reason: string };

interface PodPorts {
  /** APP_PORT: the app's ingress, where only its sidecar delivers. */
  app: number;
  /** APP_CONTROL_PORT: /healthz, /trigger and /output, where only the pinhole delivers. */
  control: number;
}

/**
 * Runs a blueprint on this machine: a local sidecar per pod, each pod's app.py as a child process wired to
 * it, the pinholes on local ports; then watches the pods' logs until the run ends, stops every child and
 * reports. Never returns while a child process is running.
 */
export async function runNetwork(loaded: LoadedBlueprint, settings: RunSettings, io: Io): Promise<ExitCode> {
  const run = new Run(loaded, settings, io);
  try {
    return await run.execute();
  } finally {
    await run.shutDown();
  }
}

class Run {
  private readonly model;
  private readonly output: RunOutput;
  private readonly stats: RunStats;
  private readonly startedAt = performance.now();
  private readonly processes: PodProcess[] = [];
  private readonly failures: string[] = [];
  /** Pods that stopped answering /healthz while running, and whether each answered again. */
  private readonly unresponsive = new Map<string, { recovered: boolean }>();
  /** Pods that died or stopped answering: each makes the run exit 1. */
  private readonly failedPods = new Set<string>();
  /** Aborted when the run ends: stops the liveness probes. */
  private readonly probing = new AbortController();
  private readonly watches: Promise<void>[] = [];
  private readonly ports = new Map<string, PodPorts>();
  private readonly listeners: Listener[] = [];
  private sidecars: Sidecars | null = null;
  /** Set when the run has ended: from then on, pods exit because lane7 stops them. */
  private stopping = false;
  private resolveEnding: (ending: Ending) => void = () => undefined;
  private readonly ended: Promise<Ending>;

  constructor(
    private readonly loaded: LoadedBlueprint,
    private readonly settings: RunSettings,
    private readonly io: Io,
  ) {
    this.model = loaded.model;
    this.output = new RunOutput(
      io,
      this.model.pods.map((pod) => pod.id),
    );
    this.stats = new RunStats(this.model);
    this.ended = new Promise((resolve) => (this.resolveEnding = resolve));
  }

  private end(ending: Ending): void {
    if (this.stopping) return;
    this.stopping = true;
    this.probing.abort();
    this.resolveEnding(ending);
  }

  async execute(): Promise<ExitCode> {
    const { stop, timeoutSeconds } = this.settings;
    const onStop = () => {
      this.end({ kind: "signal" });
    };
    stop.addEventListener("abort", onStop);
    const timer =
      timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            this.end({ kind: "timeout" });
          }, timeoutSeconds * 1000);
    try {
      if (stop.aborted) return EXIT.ok;
      await this.start();
      const ending = await this.ended;
      return await this.finish(ending);
    } finally {
      stop.removeEventListener("abort", onStop);
      clearTimeout(timer);
    }
  }

  async shutDown(): Promise<void> {
    this.stopping = true;
    this.probing.abort();
    await Promise.all(this.watches);
    await stopAll(this.processes, STOP_GRACE_MS);
    await Promise.all(this.listeners.map((listener) => listener.close()));
    await this.sidecars?.close();
  }

  private async start(): Promise<void> {
    const { model } = this;
    this.output.info(
      `running ${model.name} (${securityLabel(model)}, ${model.pods.length} pods): app.py files in ${this.loaded.root}, ` +
        `python ${this.settings.python}`,
    );
    for (const pod of model.pods)
      this.ports.set(pod.id, { app: await freePort(), control: await freePort() });
    this.sidecars = await startSidecars(
      model,
      model.security.profile === "open-mtls"
        ? await openMtlsSidecars(model, model.security)
        : wospSidecars(model, new Keyring(model.edges)),
      (id) => this.portsOf(id).app,
      (event) => {
        this.onSidecarEvent(event);
      },
    );
    await this.openPinholes();
    // Every other pod first, so that the initiators' first task finds the network up.
    const initiators = model.pods.filter((pod) => pod.role === "initiator");
    if (!(await this.startPods(model.pods.filter((pod) => pod.role !== "initiator")))) return;
    if (!(await this.startPods(initiators))) return;
    for (const process of this.processes) this.watches.push(this.watch(process));
    this.output.info(
      this.settings.until === undefined
        ? "all pods are up; Ctrl-C stops them"
        : `all pods are up; stopping after ${this.settings.until} completed tasks (Ctrl-C stops sooner)`,
    );
  }

  private async openPinholes(): Promise<void> {
    for (const pod of this.model.pods) {
      if (!pod.pinhole) continue;
      const listener = await startPinhole(pod, this.portsOf(pod.id).control, (error) => {
        this.output.warn(`pinhole ${pod.id}: ${error.message}`);
      });
      this.listeners.push(listener);
      const { method, path } = pinholeEndpoint(pod);
      this.output.info(`pinhole ${pod.id}: ${method} http://127.0.0.1:${listener.port}${path}`);
    }
  }

  /** Whether every one of `pods` came up (and the run goes on). */
  private async startPods(pods: readonly PodModel[]): Promise<boolean> {
    const up = await Promise.all(pods.map((pod) => this.healthy(this.spawn(pod), pod)));
    return up.every(Boolean);
  }

  private spawn(pod: PodModel): PodProcess {
    const process = new PodProcess({
      pod: pod.id,
      python: this.settings.python,
      appFile: appFile(this.loaded.root, pod.id),
      env: this.envOf(pod),
      onLine: (stream, line) => {
        this.onPodLine(pod.id, stream, line);
      },
    });
    this.processes.push(process);
    const sidecar = this.sidecars?.byPod.get(pod.id);
    const egress = [...(sidecar?.egress ?? [])].map(([to, listener]) => `${to}=${listener.port}`);
    this.output.info(
      `started ${pod.id} pid=${String(process.pid)} app=${this.portsOf(pod.id).app}` +
        ` ingress=${sidecar?.ingress ? String(sidecar.ingress.port) : "none"} egress=${egress.join(",") || "none"}`,
    );
    void process.exited.then((exit) => {
      if (this.stopping) return;
      this.failures.push(`${pod.id} ${describeExit(exit)}`);
      this.failedPods.add(pod.id);
      this.output.warn(`pod ${pod.id} ${describeExit(exit)}; the rest of the network keeps running`);
      if (this.processes.every((other) => other.exit !== null))
        this.end({ kind: "failed", reason: "every pod has stopped" });
    });
    return process;
  }

  /** Reports a running pod that stops answering /healthz (stopped, hung) as it would a dead one. */
  private watch(process: PodProcess): Promise<void> {
    const { pod } = process;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
    return watchLiveness(
      {
        pod,
        port: this.portsOf(pod).control,
        running: () => process.exit === null && !this.stopping,
        onUnresponsive: (silentMs) => {
          this.stats.notResponding(pod);
          this.unresponsive.set(pod, { recovered: false });
          this.failedPods.add(pod);
          this.output.warn(
            `pod ${pod} is not responding (no answer to GET /healthz for ${seconds(silentMs)}); ` +
              "the rest of the network keeps running",
          );
        },
        onRecovered: (silentMs) => {
          this.stats.responding(pod);
          this.unresponsive.set(pod, { recovered: true });
          this.output.warn(`pod ${pod} is responding again after ${seconds(silentMs)}`);
        },
      },
      this.settings.liveness,
      this.probing.signal,
    );
  }

  /** Waits for the pod to answer /healthz; false (the run ended) when it cannot or the run ends first. */
  private async healthy(process: PodProcess, pod: PodModel): Promise<boolean> {
    const port = this.portsOf(pod.id).control;
    const deadline = performance.now() + STARTUP_MS;
    while (!this.stopping) {
      if (process.exit !== null) {
        this.end({ kind: "failed", reason: `${pod.id} did not start` });
        return false;
      }
      if (performance.now() > deadline) {
        this.end({
          kind: "failed",
          reason: `${pod.id} did not answer /healthz within ${STARTUP_MS / 1000}s`,
        });
        return false;
      }
      if (
        await getJson(port, "/healthz", 1_000).then(
          () => true,
          () => false,
        )
      )
        return true;
      await sleep(100);
    }
    return false;
  }

  private envOf(pod: PodModel): Record<string, string | undefined> {
    const ports = this.portsOf(pod.id);
    const egress = this.sidecars?.byPod.get(pod.id)?.egress ?? new Map<string, Listener>();
    return {
      ...this.io.env,
      PYTHONUNBUFFERED: "1",
      PYTHONDONTWRITEBYTECODE: "1",
      [APP_ENV.podId]: pod.id,
      [APP_ENV.network]: this.model.name,
      [APP_ENV.appHost]: "127.0.0.1",
      [APP_ENV.appPort]: String(ports.app),
      [APP_ENV.controlPort]: String(ports.control),
      [APP_ENV.egressHost]: "127.0.0.1",
      [APP_ENV.egressPortMap]: JSON.stringify(Object.fromEntries([...egress].map(([to, l]) => [to, l.port]))),
      [APP_ENV.ingressCount]: String(pod.upstream.length),
      [APP_ENV.autoTriggerCount]: "unlimited",
      [APP_ENV.autoTriggerInterval]: String(this.settings.intervalSeconds),
      [APP_ENV.autoTriggerDelay]: String(FIRST_TRIGGER_DELAY_SECONDS),
    };
  }

  private onPodLine(pod: string, stream: "stdout" | "stderr", line: string): void {
    this.output.pod(pod, stream, line);
    const event = parseAppLine(line);
    if (!event) return;
    this.stats.observe(pod, event);
    const { until } = this.settings;
    if (until !== undefined && this.stats.completed >= until) this.end({ kind: "until" });
  }

  private onSidecarEvent(event: SidecarEvent): void {
    switch (event.kind) {
      case "session":
        this.stats.sessions += 1;
        return;
      case "refused":
        this.stats.rejectedConnections += 1;
        this.output.security(refusalLine(event));
        return;
      case "unreachable":
        if (!this.stopping)
          this.output.warn(`sidecar ${event.pod}: cannot reach ${event.target}: ${event.reason}`);
    }
  }

  /** Reads the results before stopping the pods, reports, and picks the exit code. */
  private async finish(ending: Ending): Promise<ExitCode> {
    const outputs = new Map<string, number | string>();
    for (const pod of this.model.pods.filter(isFinishing))
      outputs.set(pod.id, await this.outputCount(pod.id));
    await stopAll(this.processes, STOP_GRACE_MS);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const { stats, failures, unresponsive } = this;
    for (const line of summaryLines({ stats, outputs, failures, unresponsive, seconds }))
      this.output.info(line);
    const verdict = this.verdict(ending);
    if (verdict.ok) this.output.info(verdict.message);
    else this.output.warn(verdict.message);
    return verdict.ok ? EXIT.ok : EXIT.findings;
  }

  private verdict(ending: Ending): { ok: boolean; message: string } {
    const { until, timeoutSeconds } = this.settings;
    const failed = this.failedPods.size > 0 ? `, but ${plural(this.failedPods.size, "pod")} failed` : "";
    const completed = this.stats.completed;
    switch (ending.kind) {
      case "until":
        return { ok: failed === "", message: `${plural(completed, "task")} completed${failed}` };
      case "signal":
        return { ok: failed === "", message: `stopped${failed}` };
      case "timeout":
        return {
          ok: false,
          message:
            `timed out after ${String(timeoutSeconds)}s: ` +
            `${until === undefined ? plural(completed, "task") : `${completed} of ${plural(until, "task")}`} ` +
            `completed${failed}`,
        };
      case "failed":
        return { ok: false, message: `stopped: ${ending.reason}` };
    }
  }

  private async outputCount(pod: string): Promise<number | string> {
    const process = this.processes.find((candidate) => candidate.pod === pod);
    if (!process || process.exit !== null) return "not read (the pod is down)";
    try {
      const output = await getJson(this.portsOf(pod).control, "/output", 2_000);
      const count = (output as { count?: unknown }).count;
      return typeof count === "number" ? count : "not read (no count)";
    } catch (error) {
      return `not read (${(error as Error).message})`;
    }
  }

  private portsOf(pod: string): PodPorts {
    const ports = this.ports.get(pod);
    if (!ports) throw new Error(`no ports for ${pod}`);
    return ports;
  }
}

/** What the start line says of the network's security: the WoSP mode, or the profile (it has no modes). */
function securityLabel(model: BlueprintModel): string {
  return model.security.profile === "wosp" ? model.mode : model.security.profile;
}
