import { describe, expect, it } from "vitest";
import { RunStats } from "../../src/run/stats.js";
import { exampleModel } from "../support/models.js";

describe("RunStats lost tasks", () => {
  const start = (stats: RunStats, task: string) => {
    stats.observe("ai-gateway", { kind: "started", task });
  };
  const complete = (stats: RunStats, task: string) => {
    stats.observe("ai-results-sink", { kind: "completed", task, trail: ["ai-gateway"], partial: false });
  };

  it("counts the tasks a pod held up while not responding that never completed", () => {
    const stats = new RunStats(exampleModel("agentic-ai"));
    for (const task of ["done-before", "in-flight-completes", "in-flight-lost"]) start(stats, task);
    complete(stats, "done-before");
    stats.notResponding("tool-executor");
    start(stats, "started-while-down");
    stats.responding("tool-executor");
    start(stats, "started-after");
    complete(stats, "in-flight-completes");

    expect(stats.lostAt("tool-executor")).toBe(2);
    expect(stats.lostAt("ai-orchestrator")).toBe(0);
    expect(stats.completed).toBe(2);
  });
});
