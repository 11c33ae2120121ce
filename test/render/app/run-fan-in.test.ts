import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findPython, hasModules, NO_PYTHON_REASON } from "../../support/python.js";
import { AppRunner, freePort, getJson, postJson, waitFor, waitForLine, type RunningApp } from "./harness.js";
import { exampleModel } from "./networks.js";

const python = findPython();
const grpcReady = python !== null && hasModules(python, ["grpc"]);

interface Output {
  count: number;
  results: Record<string, unknown>[];
}

async function output(app: RunningApp, count: number): Promise<Output> {
  return waitFor(`${count} result(s) at ${app.id}`, async () => {
    const current = (await getJson(`${app.controlUrl}/output`)) as Output;
    return current.count >= count ? current : undefined;
  });
}

describe.skipIf(!python)(
  `fan-in, partial results and mixed protocols${python ? "" : ` (skipped: ${NO_PYTHON_REASON})`}`,
  () => {
    let runner: AppRunner;
    beforeEach(() => {
      runner = new AppRunner(python ?? "");
    });
    afterEach(async () => {
      await runner.stopAll();
    });

    it("tri-pod-fan-in: the collector merges both branches of a task once and serves it on /output", async () => {
      const model = exampleModel("tri-pod-fan-in");
      const [source, enricher, collector] = [await freePort(), await freePort(), await freePort()];
      const collectorApp = await runner.start(model, "collector", { APP_PORT: `${collector}` });
      const enricherApp = await runner.start(model, "enricher", {
        APP_PORT: `${enricher}`,
        EGRESS_PORT_MAP: `{"collector": ${collector}}`,
      });
      const sourceApp = await runner.start(model, "source", {
        APP_PORT: `${source}`,
        EGRESS_PORT_MAP: `{"enricher": ${enricher}, "collector": ${collector}}`,
        AUTO_TRIGGER_COUNT: "0",
      });
      await postJson(`${sourceApp.controlUrl}/trigger`, { task_id: "fan-1", n: 7 });

      const result = (await output(collectorApp, 1)).results[0];
      expect(result).toEqual({
        task_id: "fan-1",
        trail: ["source", "enricher", "collector"],
        branch_trails: { source: ["source"], enricher: ["source", "enricher"] },
        branches: [
          { task_id: "fan-1", n: 7, trail: ["source"] },
          { task_id: "fan-1", n: 7, trail: ["source", "enricher"] },
        ],
      });
      await waitForLine(
        collectorApp,
        / MERGED task=fan-1 branches=2 trails=\{"source":\["source"\],"enricher":\["source","enricher"\]\}\n/,
      );
      // Once both senders have logged SENT, fan-1 has nothing more on its way. The collector handles its
      // messages one at a time, in order: by the time a later task is merged, a second fan-1 would show.
      await waitForLine(sourceApp, / SENT task=fan-1 to=collector\n/);
      await waitForLine(enricherApp, / SENT task=fan-1 to=collector\n/);
      await postJson(`${sourceApp.controlUrl}/trigger`, { task_id: "fan-2" });
      const results = (await output(collectorApp, 2)).results;
      expect(results.map((each) => each.task_id)).toEqual(["fan-1", "fan-2"]);
      expect(collectorApp.output()).toMatch(
        / INFO collector TASK fan-1 COMPLETE trail=\["source","enricher","collector"\]\n/,
      );
    });

    it("a branch missing after AGGREGATE_TIMEOUT gives one partial result; the late branch is dropped", async () => {
      const model = exampleModel("tri-pod-fan-in");
      const port = await freePort();
      const collector = await runner.start(model, "collector", {
        APP_PORT: `${port}`,
        AGGREGATE_TIMEOUT: "0.5",
      });
      const send = (from: string[]) =>
        postJson(`${collector.ingressUrl}/message`, { task_id: "half", trail: from });
      expect((await send(["source"])).status).toBe(202);

      const result = (await output(collector, 1)).results[0];
      expect(result).toMatchObject({
        task_id: "half",
        partial: true,
        missing: ["enricher"],
        trail: ["source", "collector"],
      });
      expect(collector.output()).toMatch(
        / WARNING collector PARTIAL task=half missing=\["enricher"\] after=0\.5s\n/,
      );
      expect(collector.output()).toMatch(
        / TASK half COMPLETE partial missing=\["enricher"\] trail=\["source","collector"\]\n/,
      );

      expect((await send(["source", "enricher"])).status).toBe(202);
      await waitForLine(collector, / LATE task=half from=enricher/);
      expect(((await getJson(`${collector.controlUrl}/output`)) as Output).count).toBe(1);
    });

    it("agentic-ai: HTTP fan-out to WebSocket relays, fan-in, and the sink's trail", async () => {
      const model = exampleModel("agentic-ai");
      const ids = [
        "ai-results-sink",
        "nlp-processor",
        "tool-executor",
        "llm-gateway",
        "ai-orchestrator",
        "ai-gateway",
      ];
      const ports = new Map<string, number>();
      for (const id of ids) ports.set(id, await freePort());
      const apps = new Map<string, RunningApp>();
      for (const id of ids) {
        const pod = model.pods.find((candidate) => candidate.id === id);
        const egress = Object.fromEntries(
          (pod?.downstream ?? []).map((route) => [route.pod, ports.get(route.pod)]),
        );
        const port = ports.get(id) ?? 0;
        const env = {
          APP_PORT: `${port}`,
          EGRESS_PORT_MAP: JSON.stringify(egress),
          AUTO_TRIGGER_COUNT: "0",
        };
        apps.set(id, await runner.start(model, id, env));
      }
      const gateway = apps.get("ai-gateway");
      const sink = apps.get("ai-results-sink");
      if (!gateway || !sink) throw new Error("not started");
      for (const taskId of ["q-1", "q-2"])
        await postJson(`${gateway.controlUrl}/trigger`, { task_id: taskId });

      const results = (await output(sink, 2)).results;
      const trail = [
        "ai-gateway",
        "ai-orchestrator",
        "llm-gateway",
        "tool-executor",
        "nlp-processor",
        "ai-results-sink",
      ];
      expect(results.map((result) => [result.task_id, result.trail])).toEqual([
        ["q-1", trail],
        ["q-2", trail],
      ]);
      expect(apps.get("llm-gateway")?.output()).toMatch(/ RECEIVED task=q-2 from=ai-orchestrator\n/);
    });

    it.skipIf(!grpcReady)(
      `quad-pod: gRPC and WebSocket branches into one merge${grpcReady ? "" : " (skipped: python3-grpcio is not installed)"}`,
      async () => {
        const model = exampleModel("quad-pod");
        const [ingest, grpcWorker, streamWorker, merger] = await Promise.all([
          freePort(),
          freePort(),
          freePort(),
          freePort(),
        ]);
        const mergerApp = await runner.start(model, "merger", { APP_PORT: `${merger}` });
        const egressToMerger = { EGRESS_PORT_MAP: `{"merger": ${merger}}` };
        await runner.start(model, "grpc-worker", { APP_PORT: `${grpcWorker}`, ...egressToMerger });
        const stream = await runner.start(model, "stream-worker", {
          APP_PORT: `${streamWorker}`,
          ...egressToMerger,
        });
        const ingestApp = await runner.start(model, "ingest", {
          APP_PORT: `${ingest}`,
          EGRESS_PORT_MAP: `{"grpc-worker": ${grpcWorker}, "stream-worker": ${streamWorker}}`,
          AUTO_TRIGGER_COUNT: "0",
        });
        await postJson(`${ingestApp.controlUrl}/trigger`, { task_id: "d-1" });
        const first = (await output(mergerApp, 1)).results[0];
        expect(first).toMatchObject({
          task_id: "d-1",
          trail: ["ingest", "grpc-worker", "stream-worker", "merger"],
        });
        expect(first).not.toHaveProperty("partial");

        // The WebSocket sender reconnects when its connection is gone: restart the stream worker.
        await runner.stop(stream);
        await runner.start(model, "stream-worker", { APP_PORT: `${streamWorker}`, ...egressToMerger });
        await postJson(`${ingestApp.controlUrl}/trigger`, { task_id: "d-2" });
        const second = (await output(mergerApp, 2)).results[1];
        expect(second).toMatchObject({
          task_id: "d-2",
          trail: ["ingest", "grpc-worker", "stream-worker", "merger"],
        });
        expect(second).not.toHaveProperty("partial");
      },
    );
  },
);
