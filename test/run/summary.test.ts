import { describe, expect, it } from "vitest";
import { RunStats } from "../../src/run/stats.js";
import { summaryLines } from "../../src/run/summary.js";
import { exampleModel } from "../support/models.js";

describe("lane7 run's summary", () => {
  it("counts in English: 1 task, 2 tasks", () => {
    const stats = new RunStats(exampleModel("agentic-ai"));
    stats.observe("ai-gateway", { kind: "started", task: "t1" });
    stats.notResponding("tool-executor");
    const one = summaryLines({
      stats,
      outputs: new Map(),
      failures: [],
      unresponsive: new Map([["tool-executor", { recovered: false }]]),
      seconds: 1,
    });
    expect(one[0]).toBe("summary after 1.0s: 1 task started, 0 completed");
    expect(one.at(-1)).toBe("  pods not responding: tool-executor (1 task lost)");
    stats.observe("ai-gateway", { kind: "started", task: "t2" });
    const two = summaryLines({
      stats,
      outputs: new Map(),
      failures: [],
      unresponsive: new Map(),
      seconds: 2,
    });
    expect(two[0]).toBe("summary after 2.0s: 2 tasks started, 0 completed");
  });
});
