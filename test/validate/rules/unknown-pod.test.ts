import { describe, expect, it } from "vitest";
import { edges, networkText, ruleIds, validate } from "../../support/findings.js";

const pods = [
  { id: "a", role: "initiator" },
  { id: "b", role: "terminator" },
];

describe("unknown-pod", () => {
  it("never suggests the edge's other end, which would make a self-edge", () => {
    for (const [from, to] of [
      ["a", "c"],
      ["c", "b"],
    ] as const) {
      const findings = validate(networkText(pods, edges([from, to]))).findings;
      expect(ruleIds(findings)).toContain("unknown-pod");
      const finding = findings.find((entry) => entry.rule === "unknown-pod");
      expect(finding?.hint).toBe(`did you mean \`${from === "c" ? "a" : "b"}\`?`);
    }
  });
});
