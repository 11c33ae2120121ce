import { existsSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { NO_PYTHON_REASON, findPython } from "../support/python.js";
import { Lane7Run, completions, leftoverApps, summaryCounts } from "./lane7-run.js";

const python = findPython();
const runs: Lane7Run[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    await run.dispose();
    expect(await leftoverApps(run.podPids().values(), 10_000)).toEqual([]);
  }
});

describe.skipIf(python === null)("lane7 run when a pod dies", () => {
  it("retries upstream, forwards a marked partial result, and ends with a clear report", async () => {
    const run = new Lane7Run(
      ["examples/agentic-ai.yaml", "--until", "4", "--timeout", "60", "--interval", "0.5"],
      // Short timers: the partial results and the retries to the dead pod come within a second.
      { LANE7_PYTHON: python ?? "", AGGREGATE_TIMEOUT: "0.5", BACKOFF_FIRST: "0.05", BACKOFF_MAX: "0.2" },
    );
    runs.push(run);
    await run.line(/INFO ai-results-sink TASK \S+ COMPLETE trail=/);
    const victim = run.podPids().get("tool-executor");
    expect(victim).toBeDefined();
    process.kill(victim ?? 0, "SIGKILL");

    expect(await run.exited, run.transcript()).toBe(1);
    const stderr = run.stderr.join("\n");
    expect(stderr).toContain(
      "[lane7] pod tool-executor killed by SIGKILL; the rest of the network keeps running",
    );
    expect(stderr).toContain("[lane7]   pods failed: tool-executor killed by SIGKILL");
    expect(stderr).toMatch(/\[lane7\] 4 tasks completed, but 1 pod failed$/m);
    // the orchestrator retries the dead branch
    expect(
      run.stdout.some((line) => / WARNING ai-orchestrator RETRY task=\S+ to=tool-executor /.test(line)),
    ).toBe(true);
    // the aggregator forwards what it has after its timeout, marked partial, and the sink keeps it so
    expect(
      run.stdout.some((line) =>
        / WARNING nlp-processor PARTIAL task=\S+ missing=\["tool-executor"\]/.test(line),
      ),
    ).toBe(true);
    const partial = completions(run.stdout).filter((completion) => completion.partial);
    expect(partial.length).toBeGreaterThan(0);
    for (const { pod, missing, trail } of partial) {
      expect(pod).toBe("ai-results-sink");
      expect(missing).toEqual(["tool-executor"]);
      expect(trail).toEqual([
        "ai-gateway",
        "ai-orchestrator",
        "llm-gateway",
        "nlp-processor",
        "ai-results-sink",
      ]);
    }
    const sink = summaryCounts(run.stderr).get("ai-results-sink");
    expect(sink?.partial).toBe(partial.length);
    expect(sink?.output).toBe(completions(run.stdout).length);
    expect(stderr).toMatch(/partial aggregations: [1-9]/);
    expect(await leftoverApps(run.podPids().values())).toEqual([]);
  }, 90_000);
});

describe.skipIf(python === null)("lane7 run when a pod stops answering (SIGSTOP)", () => {
  /** bi-pod relays every task pod-1 → pod-2 → pod-1; pod-2 is probed every 0.2 s, unresponsive after 2 misses. */
  const start = () => {
    const run = new Lane7Run(["examples/bi-pod.yaml", "--timeout", "60", "--interval", "0.2"], {
      LANE7_PYTHON: python ?? "",
      LANE7_LIVENESS_INTERVAL: "0.2",
      LANE7_LIVENESS_MISSES: "2",
      SEND_TIMEOUT: "0.5",
      BACKOFF_FIRST: "0.05",
      BACKOFF_MAX: "0.2",
    });
    runs.push(run);
    return run;
  };

  it("reports it at once, keeps running, and names it and its lost tasks in the summary", async () => {
    const run = start();
    await run.line(/INFO pod-1 TASK \S+ COMPLETE trail=/);
    const victim = run.podPids().get("pod-2") ?? 0;
    process.kill(victim, "SIGSTOP");
    await run.line(/^\[lane7\] pod pod-2 is not responding /, 10_000);
    // pod-1 starts a task every 0.2 s: these reach the stopped pod and never come back
    await sleep(1_000);
    run.signal("SIGTERM");

    expect(await run.exited, run.transcript()).toBe(1);
    const stderr = run.stderr.join("\n");
    expect(stderr).toMatch(
      /^\[lane7\] pod pod-2 is not responding \(no answer to GET \/healthz for \d+\.\ds\); the rest of the network keeps running$/m,
    );
    const lost = /^\[lane7\] {3}pods not responding: pod-2 \((\d+) tasks? lost\)$/m.exec(stderr);
    expect(lost, run.transcript()).not.toBeNull();
    expect(Number(lost?.[1])).toBeGreaterThan(0);
    expect(stderr).toMatch(/^\[lane7\] stopped, but 1 pod failed$/m);
  }, 90_000);

  it("says so when it answers again, and still ends with exit 1", async () => {
    const run = start();
    await run.line(/INFO pod-1 TASK \S+ COMPLETE trail=/);
    const victim = run.podPids().get("pod-2") ?? 0;
    process.kill(victim, "SIGSTOP");
    await run.line(/^\[lane7\] pod pod-2 is not responding /, 10_000);
    process.kill(victim, "SIGCONT");
    await run.line(/^\[lane7\] pod pod-2 is responding again after \d+\.\ds$/, 10_000);
    run.signal("SIGTERM");

    expect(await run.exited, run.transcript()).toBe(1);
    expect(run.stderr.join("\n")).toMatch(
      /^\[lane7\] {3}pods not responding: pod-2 \(\d+ tasks? lost; answered again\)$/m,
    );
  }, 90_000);
});

if (python === null) console.warn(`skipping lane7 run pod failure test: ${NO_PYTHON_REASON}`);

describe.skipIf(python === null || process.platform !== "linux")("lane7 run killed outright", () => {
  it("takes its pods with it (PR_SET_PDEATHSIG)", async () => {
    const run = new Lane7Run(["examples/bi-pod.yaml", "--timeout", "60", "--interval", "1"], {
      LANE7_PYTHON: python ?? "",
    });
    runs.push(run);
    const [, appDir] = await run.line(/^\[lane7\] running bi-pod .*: app\.py files in (\S+), python /);
    await run.line(/^\[lane7\] all pods are up/);
    const pids = [...run.podPids().values()];
    expect(pids).toHaveLength(2);
    run.signal("SIGKILL");
    await run.exited;
    expect(await leftoverApps(pids, 10_000)).toEqual([]);
    // a killed lane7 cannot remove the directory of the composed app.py files: do it for it
    if (appDir?.includes("lane7-run-")) rmSync(appDir, { recursive: true, force: true });
  }, 90_000);

  it("removes its app.py directory when its output pipe closes (`| head`)", async () => {
    const run = new Lane7Run(["examples/bi-pod.yaml", "--timeout", "60", "--interval", "0.2"], {
      LANE7_PYTHON: python ?? "",
    });
    runs.push(run);
    const [, appDir] = await run.line(/^\[lane7\] running bi-pod .*: app\.py files in (\S+), python /);
    await run.line(/^\[lane7\] all pods are up/);
    run.closeStdout();
    await run.exited;
    expect(existsSync(appDir ?? "")).toBe(false);
  });

  it("takes a stopped (SIGSTOP) pod with it too", async () => {
    const run = new Lane7Run(["examples/bi-pod.yaml", "--timeout", "60", "--interval", "0.2"], {
      LANE7_PYTHON: python ?? "",
    });
    runs.push(run);
    const [, appDir] = await run.line(/^\[lane7\] running bi-pod .*: app\.py files in (\S+), python /);
    await run.line(/^\[lane7\] all pods are up/);
    const pids = [...run.podPids().values()];
    process.kill(pids[0] ?? 0, "SIGSTOP");
    run.signal("SIGKILL");
    await run.exited;
    const left = await leftoverApps(pids, 10_000);
    for (const pid of left) process.kill(pid, "SIGKILL");
    expect(left).toEqual([]);
    if (appDir?.includes("lane7-run-")) rmSync(appDir, { recursive: true, force: true });
  });
});
