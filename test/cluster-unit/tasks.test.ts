import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { ClusterApis } from "../../src/cluster/apis.js";
import type { PodState } from "../../src/cluster/diagnosis.js";
import { completedTasks, readTasks } from "../../src/cluster/tasks.js";
import { exampleModel } from "../support/models.js";

/** app.py's log lines (templates/app: `<UTC time> <LEVEL> <pod> <EVENT> key=value ...`). */
const LOG = [
  "2026-12-01T10:00:00.001Z INFO ai-results-sink RECEIVED task=t-1 from=ai-aggregator",
  '2026-12-01T10:00:00.002Z INFO ai-results-sink TASK t-1 COMPLETE trail=["ai-gateway","ai-orchestrator","ai-aggregator","ai-results-sink"]',
  '2026-12-01T10:00:02.002Z INFO ai-results-sink TASK t-2 COMPLETE partial missing=["ai-llm"] trail=["ai-gateway","ai-aggregator","ai-results-sink"]',
  "2026-12-01T10:00:03.000Z WARNING ai-results-sink PARTIAL task=t-3 missing=[] after=30.0s",
].join("\n");

describe("completedTasks", () => {
  it("reads the tasks app.py logs as complete, with their trails, partial or not", () => {
    expect(completedTasks(LOG)).toEqual([
      {
        task: "t-1",
        trail: ["ai-gateway", "ai-orchestrator", "ai-aggregator", "ai-results-sink"],
        partial: false,
      },
      { task: "t-2", trail: ["ai-gateway", "ai-aggregator", "ai-results-sink"], partial: true },
    ]);
  });
});

describe("readTasks", () => {
  const model = exampleModel("agentic-ai");
  const sink = model.pods.find((pod) => pod.isExit);
  if (!sink) throw new Error("agentic-ai has no exit");
  const running = JSON.parse(
    JSON.stringify({
      metadata: { name: "sink-abc", namespace: sink.namespace },
      status: { phase: "Running" },
    }),
  ) as V1Pod;
  const state = (pods: V1Pod[]): PodState[] => [
    { id: sink.id, namespace: sink.namespace, deployment: null, pods, events: [] },
  ];
  const asked: unknown[] = [];
  const apis = {
    core: {
      readNamespacedPodLog: (request: unknown) => {
        asked.push(request);
        return Promise.resolve(LOG);
      },
    },
  } as unknown as ClusterApis;

  it("the web-app log of each running Pod where tasks finish: the network carries tasks end to end", async () => {
    const report = await readTasks(apis, model, state([running]), () => "unused");
    expect(asked).toEqual([
      { name: "sink-abc", namespace: sink.namespace, container: "web-app", tailLines: 2_000 },
    ]);
    expect(report.carrying).toBe(true);
    expect(report.pods).toEqual([{ pod: sink.id, namespace: sink.namespace, tasks: completedTasks(LOG) }]);
  });

  it("no running Pod, or a log the API refuses: not carrying, and why", async () => {
    expect(await readTasks(apis, model, state([]), () => "unused")).toEqual({
      carrying: false,
      pods: [{ pod: sink.id, namespace: sink.namespace, tasks: [], unavailable: "no running Pod" }],
    });
    const refusing = {
      core: { readNamespacedPodLog: () => Promise.reject(new Error("403")) },
    } as unknown as ClusterApis;
    const report = await readTasks(
      refusing,
      model,
      state([running]),
      (error, doing) => `${doing}: ${String(error)}`,
    );
    expect(report.pods[0]?.unavailable).toBe(`reading the log of ${sink.id}: Error: 403`);
  });
});
