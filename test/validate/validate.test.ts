import { describe, expect, it } from "vitest";
import { validateText } from "../../src/validate/validate.js";
import { edges, examples, networkText, positions, ruleIds, validate } from "../support/findings.js";

describe("validateText", () => {
  it.each(examples())("accepts the example $file with no findings", ({ file, text }) => {
    const result = validateText(file, text);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.network.kind).toBe("Network");
  });

  it("accepts ids that YAML 1.1 would read as booleans, and keeps them as strings", () => {
    const text = [
      "apiVersion: lane7/v1",
      "kind: Network",
      "metadata:",
      "  name: on",
      "spec:",
      "  pods:",
      "    - { id: on, role: initiator }",
      ...["no", "y", "yes", "off"].map((id) => `    - { id: ${id}, role: terminator }`),
      "  edges:",
      ...["no", "y", "yes", "off"].map((id) => `    - { from: on, to: ${id} }`),
      "",
    ].join("\n");
    const result = validate(text);
    expect(result.findings).toEqual([]);
    if (!result.ok) throw new Error("expected a valid network");
    expect(result.network.metadata.name).toBe("on");
    expect(result.network.spec.pods.map((pod) => pod.id)).toEqual(["on", "no", "y", "yes", "off"]);
    expect(result.network.spec.edges[0]).toEqual({ from: "on", to: "no" });
  });

  it("reports every problem of a file, sorted by position", () => {
    const text = [
      "apiVersion: lane7/v1", // 1
      "kind: Network", // 2
      "metadata:", // 3
      "  name: net", // 4
      "spec:", // 5
      "  pods:", // 6
      "    - { id: c, role: terminator }", // 7
      "    - { id: a, role: initiator, pinhole: { tier: 1, port: 80 } }", // 8
      "    - { id: b, role: relay, protocol: smtp }", // 9
      "  edges:", // 10
      "    - { from: b, to: b }", // 11
      "    - { from: a, to: b }", // 12
      "    - { from: b, to: c }", // 13
      "",
    ].join("\n");
    const result = validate(text);
    expect(result.ok).toBe(false);
    expect(positions(result.findings)).toEqual([
      { rule: "pinhole-port", line: 8, column: 59 },
      { rule: "schema", line: 9, column: 39 },
      { rule: "self-edge", line: 11, column: 22 },
    ]);
  });

  describe("one cause, one finding", () => {
    it("no initiator: at-least-one-initiator, but no reachable finding for every pod", () => {
      const text = networkText(
        [
          { id: "a", role: "relay" },
          { id: "b", role: "relay" },
          { id: "c", role: "terminator" },
        ],
        edges(["a", "b"], ["b", "a"], ["b", "c"]),
      );
      const ids = ruleIds(validate(text).findings);
      expect(ids).toContain("at-least-one-initiator");
      expect(ids).not.toContain("reachable");
    });

    it("a pod rejected by the schema does not make its edges unknown or its neighbours' degrees wrong", () => {
      const text = networkText(
        [
          { id: "a", role: "initiator" },
          { id: "b", role: "relais" },
          { id: "c", role: "aggregator" },
          { id: "d", role: "terminator" },
        ],
        edges(["a", "b"], ["a", "c"], ["b", "c"], ["c", "d"]),
      );
      expect(ruleIds(validate(text).findings)).toEqual(["schema"]);
    });

    it("an edge rejected by the schema does not leave its pods short of edges", () => {
      const text = networkText(
        [
          { id: "a", role: "initiator" },
          { id: "b", role: "terminator" },
        ],
        [{ from: "a", to: ["b"] }],
      );
      expect(positions(validate(text).findings).map(({ rule }) => rule)).toEqual(["schema"]);
    });

    it("a missing edges list is one schema finding", () => {
      const text =
        "apiVersion: lane7/v1\nkind: Network\nmetadata: { name: n }\nspec:\n  pods: [{ id: a, role: initiator }]\n";
      expect(validate(text).findings).toMatchObject([
        { rule: "schema", message: "`spec.edges` is required" },
      ]);
    });

    it("an invalid pod id is a `name` finding only, not also a namespace finding", () => {
      const text = networkText(
        [
          { id: "A".repeat(70), role: "initiator" },
          { id: "b", role: "terminator" },
        ],
        edges(["A".repeat(70), "b"]),
      );
      expect(validate(text).findings).toMatchObject([{ rule: "name", hint: "use at most 63 characters" }]);
    });
  });

  describe("numbers beyond what a number holds", () => {
    const pinhole = (value: string) =>
      networkText(
        [
          { id: "a", role: "initiator", pinhole: "PINHOLE" },
          { id: "b", role: "terminator" },
        ],
        edges(["a", "b"]),
      ).replace("PINHOLE", value);

    it.each([
      ["a huge port", "{ tier: 1, port: 99999999999999999999999 }", "is a number too large to hold exactly"],
      ["an overflowing tier", "{ tier: 1e400 }", "must be `1` or `2`, not a number too large to represent"],
    ])("%s gets a message about its size", (_, value, message) => {
      const findings = validate(pinhole(value)).findings;
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toContain(message);
      expect(findings[0]?.message).not.toMatch(/characters|Infinity|e\+/);
    });
  });

  it("reports each of 50,000 unknown keys of one map at its own line (linear, not quadratic)", () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `  k${i}: v`).join("\n");
    const text = `apiVersion: lane7/v1\nkind: Network\nmetadata:\n  name: n\n${keys}\nspec:\n  pods: [{ id: a, role: initiator }]\n  edges: []\n`;
    const findings = validate(text).findings.filter((finding) => finding.rule === "schema");
    expect(findings).toHaveLength(50_000);
    expect(positions(findings).at(-1)).toEqual({ rule: "schema", line: 50_004, column: 3 });
  });

  it("never throws, whatever the document", () => {
    for (const text of [
      "",
      "~",
      "[]",
      "42",
      "spec: 1",
      "spec: { pods: 1 }",
      "spec: { pods: [1, null, []] }",
      "spec: { pods: [], edges: [1] }",
    ]) {
      const result = validate(text);
      expect(result.ok).toBe(false);
      expect(result.findings.length).toBeGreaterThan(0);
    }
  });
});
