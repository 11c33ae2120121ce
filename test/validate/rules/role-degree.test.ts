import { describe, expect, it } from "vitest";
import { edges, networkText, ruleIds, validate } from "../../support/findings.js";

describe("role-degree", () => {
  it.each([
    [
      "an initiator without downstream",
      [{ id: "i", role: "initiator" }],
      [],
      "initiator `i` has 0 outgoing edges (needs at least 1)",
    ],
    [
      "a relay without downstream",
      [
        { id: "i", role: "initiator" },
        { id: "r", role: "relay" },
      ],
      edges(["i", "r"]),
      "relay `r` has 0 outgoing edges (needs at least 1)",
    ],
    [
      "an aggregator with one upstream",
      [
        { id: "i", role: "initiator" },
        { id: "g", role: "aggregator" },
      ],
      edges(["i", "g"]),
      "aggregator `g` has 1 incoming edge (needs at least 2)",
    ],
    [
      "a terminator that forwards",
      [
        { id: "i", role: "initiator" },
        { id: "t", role: "terminator" },
      ],
      edges(["i", "t"], ["t", "i"]),
      "terminator `t` has 1 outgoing edge (allows at most 0)",
    ],
  ])("reports %s", (_, pods, edgeList, message) => {
    const findings = validate(networkText(pods, edgeList)).findings;
    expect(ruleIds(findings)).toEqual(["role-degree"]);
    expect(findings.map((finding) => finding.message)).toEqual([message]);
  });

  it("counts a duplicated edge once (unique-edge reports the duplicate)", () => {
    const pods = [
      { id: "i", role: "initiator" },
      { id: "g", role: "aggregator" },
    ];
    expect(ruleIds(validate(networkText(pods, edges(["i", "g"], ["i", "g"]))).findings)).toEqual([
      "role-degree",
      "unique-edge",
    ]);
  });

  it("refuses more downstream edges than there are egress ports (18001-18999)", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    const text = networkText(
      [{ id: "i", role: "initiator" }, ...ids.map((id) => ({ id, role: "terminator" }))],
      edges(...ids.map((id): [string, string] => ["i", id])),
    );
    const findings = validate(text).findings;
    expect(ruleIds(findings)).toEqual(["role-degree"]);
    expect(findings[0]?.message).toBe("initiator `i` has 1000 outgoing edges (allows at most 999)");
  });
});
