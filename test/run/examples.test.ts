import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { openMtlsExamples } from "../support/findings.js";
import { NO_PYTHON_REASON, findPython } from "../support/python.js";
import { Lane7Run, completions, leftoverApps, summaryCounts } from "./lane7-run.js";
import { modelOf } from "./net-helpers.js";

const python = findPython();
/** Generous: the machine running the tests may be busy, and each run starts up to six Pythons. */
const E2E_TIMEOUT_MS = 90_000;
const runs: Lane7Run[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    await run.dispose();
    expect(await leftoverApps(run.podPids().values(), 10_000)).toEqual([]);
  }
});

/** `lane7 run <target> --until 5`, to its end; asserts it ended well and left no pod behind. */
async function runUntil5(target: string, interval = "0.2") {
  const run = new Lane7Run([target, "--until", "5", "--timeout", "60", "--interval", interval], {
    LANE7_PYTHON: python ?? "",
  });
  runs.push(run);
  const code = await run.exited;
  expect(code, run.transcript()).toBe(0);
  expect(run.podPids().size).toBeGreaterThan(0);
  expect(await leftoverApps(run.podPids().values())).toEqual([]);
  const done = completions(run.stdout);
  const counts = summaryCounts(run.stderr);
  // what GET /output says at each finishing pod is what its log says completed there
  for (const [pod, count] of counts) {
    expect(count.output, pod).toBe(done.filter((completion) => completion.pod === pod).length);
    expect(count.completed, pod).toBe(count.output);
  }
  expect(run.stderr).toContain("[lane7] 5 tasks completed");
  return { run, done, counts };
}

const tasksOf = (done: { task: string }[]) => new Set(done.map((completion) => completion.task));

describe.skipIf(python === null)("lane7 run --until 5 on every example", { timeout: E2E_TIMEOUT_MS }, () => {
  it("bi-pod: the baton comes home", async () => {
    const { done, counts } = await runUntil5("examples/bi-pod.yaml");
    expect(done.length).toBeGreaterThanOrEqual(5);
    for (const completion of done) expect(completion.trail).toEqual(["pod-1", "pod-2", "pod-1"]);
    expect([...counts.keys()]).toEqual(["pod-1"]);
  });

  it("agentic-ai: both WebSocket branches, merged once, reach the sink", async () => {
    const { run, done } = await runUntil5("examples/agentic-ai.yaml");
    expect(done.length).toBeGreaterThanOrEqual(5);
    expect(tasksOf(done).size).toBe(done.length);
    for (const { pod, trail, partial } of done) {
      expect(pod).toBe("ai-results-sink");
      expect(partial).toBe(false);
      expect(trail.slice(0, 2)).toEqual(["ai-gateway", "ai-orchestrator"]);
      expect(trail.slice(2, 4).sort()).toEqual(["llm-gateway", "tool-executor"]);
      expect(trail.slice(4)).toEqual(["nlp-processor", "ai-results-sink"]);
    }
    for (const task of tasksOf(done)) {
      const merges = run.stdout.filter((line) =>
        line.includes(`INFO nlp-processor MERGED task=${task} branches=2`),
      );
      expect(merges, task).toHaveLength(1);
    }
  });

  it("quad-pod: the gRPC and WebSocket branches meet at the merger", async () => {
    const { done } = await runUntil5("examples/quad-pod.yaml");
    for (const { pod, trail } of done) {
      expect(pod).toBe("merger");
      expect(trail).toEqual(["ingest", "grpc-worker", "stream-worker", "merger"]);
    }
  });

  it("tri-pod-fan-in: the direct branch and the enriched one are merged", async () => {
    const { done } = await runUntil5("examples/tri-pod-fan-in.yaml");
    for (const { pod, trail, partial } of done) {
      expect(pod).toBe("collector");
      expect(partial).toBe(false);
      expect(trail).toEqual(["source", "enricher", "collector"]);
    }
  });

  it("tri-pod-fan-out (armored-car): every task reaches both workers, one session per request", async () => {
    const { run, done, counts } = await runUntil5("examples/tri-pod-fan-out.yaml");
    const byWorker = (pod: string) => done.filter((completion) => completion.pod === pod);
    for (const worker of ["worker-a", "worker-b"]) {
      for (const { trail } of byWorker(worker)) expect(trail).toEqual(["dispatcher", worker]);
      expect(counts.get(worker)?.output).toBeGreaterThanOrEqual(5);
    }
    // each message is one HTTP request, and each request got a session of its own
    const sent = run.stdout.filter((line) => / INFO dispatcher SENT task=/.test(line)).length;
    const sessions = Number(/sidecar sessions: (\d+);/.exec(run.stderr.join("\n"))?.[1]);
    expect(sessions).toBeGreaterThanOrEqual(sent);
  });

  it("runs a composed bundle directory, app.py from the bundle itself", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lane7-run-test-"));
    try {
      const bundle = join(dir, "bi-pod");
      expect(runCli(["compose", "examples/bi-pod.yaml", "-o", bundle]).code).toBe(0);
      const { run, done } = await runUntil5(bundle);
      expect(run.stderr.join("\n")).toContain(`app.py files in ${bundle}`);
      for (const { trail } of done) expect(trail).toEqual(["pod-1", "pod-2", "pod-1"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(python === null)(
  "lane7 run --until 5 on every example in the open-mtls profile",
  { timeout: E2E_TIMEOUT_MS },
  () => {
    let dir = "";
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "lane7-run-open-test-"));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(openMtlsExamples())(
      "$file: tasks are carried end to end over mutual TLS",
      async ({ file, text }) => {
        const path = join(dir, file);
        writeFileSync(path, text);
        // Fewer tasks at once: a task that completes after the end's GET /output was read would make
        // its count differ from the log's, and the first tasks wait for TLS handshakes on a busy machine.
        const { run, done } = await runUntil5(path, "0.5");
        const stderr = run.stderr.join("\n");
        expect(stderr).toMatch(/^\[lane7\] running \S+ \(open-mtls, \d+ pods\)/m);
        expect(stderr).not.toMatch(/armored|wosp|amtd|chips/i);
        expect(Number(/sidecar sessions: (\d+);/.exec(stderr)?.[1])).toBeGreaterThan(0);
        expect(stderr).toMatch(/rejected connections: 0$/m);
        expect(stderr).not.toContain("SECURITY");
        const initiators = modelOf(text)
          .pods.filter((pod) => pod.role === "initiator")
          .map((pod) => pod.id);
        for (const { pod, trail } of done) {
          expect(trail.at(-1)).toBe(pod);
          expect(initiators).toContain(trail[0]);
        }
      },
    );
  },
);

describe.skipIf(python === null)("lane7 run --timeout", { timeout: E2E_TIMEOUT_MS }, () => {
  it("gives up with a clear message and exit 1, stopping every pod", async () => {
    const run = new Lane7Run(
      ["examples/bi-pod.yaml", "--until", "1000", "--timeout", "3", "--interval", "0.2"],
      {
        LANE7_PYTHON: python ?? "",
      },
    );
    runs.push(run);
    expect(await run.exited, run.transcript()).toBe(1);
    expect(run.stderr.at(-1)).toMatch(/^\[lane7\] timed out after 3s: \d+ of 1000 tasks completed$/);
    expect(await leftoverApps(run.podPids().values())).toEqual([]);
  });
});

describe("lane7 run without a usable Python", () => {
  it("says how to get one, in one line, and exits 2", () => {
    const result = runCli(["run", "examples/bi-pod.yaml", "--python", "/bin/false"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^lane7: no Python 3\.10\+ with aiohttp \(tried \/bin\/false\): apt-get install python3-aiohttp, or pip install aiohttp, or point --python or LANE7_PYTHON at such a python\n$/,
    );
  });

  it("says so when the Python it was given does not exist", () => {
    const flag = runCli(["run", "examples/bi-pod.yaml", "--python", "/nonexistent/python3"]);
    expect([flag.code, flag.stderr]).toEqual([2, "lane7: --python /nonexistent/python3: not found\n"]);
    const env = runCli(["run", "examples/bi-pod.yaml"], { env: { LANE7_PYTHON: "/nonexistent/python3" } });
    expect([env.code, env.stderr]).toEqual([2, "lane7: LANE7_PYTHON /nonexistent/python3: not found\n"]);
  });
});

if (python === null) console.warn(`skipping lane7 run end-to-end tests: ${NO_PYTHON_REASON}`);
