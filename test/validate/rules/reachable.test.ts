import { describe, expect, it } from "vitest";
import { edges, networkText, positions, validate } from "../../support/findings.js";

describe("reachable", () => {
  it("reports each pod no initiator reaches, at its id, naming the initiators", () => {
    const text = networkText(
      [
        { id: "a", role: "initiator" },
        { id: "b", role: "terminator" },
        { id: "c", role: "initiator" },
        { id: "d", role: "terminator" },
        { id: "lost", role: "relay" },
        { id: "lost-end", role: "terminator" },
        { id: "loop", role: "relay" },
      ],
      edges(["a", "b"], ["c", "d"], ["lost", "lost-end"], ["lost", "loop"], ["loop", "lost"]),
    );
    const findings = validate(text).findings.filter(({ rule }) => rule === "reachable");
    expect(findings.map(({ message }) => message)).toEqual([
      "pod `lost` cannot be reached from any initiator (a, c)",
      "pod `lost-end` cannot be reached from any initiator (a, c)",
      "pod `loop` cannot be reached from any initiator (a, c)",
    ]);
  });

  it("counts pods reached through a second initiator", () => {
    const text = networkText(
      [
        { id: "a", role: "initiator" },
        { id: "b", role: "terminator" },
        { id: "c", role: "initiator" },
        { id: "d", role: "terminator" },
      ],
      edges(["a", "b"], ["c", "d"]),
    );
    expect(validate(text).findings).toEqual([]);
  });

  it("is silent when there is no initiator (at-least-one-initiator says it)", () => {
    const text = networkText([{ id: "a", role: "terminator" }], []);
    expect(positions(validate(text).findings).map(({ rule }) => rule)).toEqual([
      "at-least-one-initiator",
      "role-degree",
    ]);
  });

  it("walks a 10,000-pod fan-out without trouble", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
    const text = networkText(
      [
        { id: "root", role: "initiator" },
        { id: "island", role: "relay" },
        ...ids.map((id) => ({ id, role: "terminator" })),
      ],
      edges(
        ...ids.slice(0, 999).map((id): [string, string] => ["root", id]),
        ...ids.slice(999).map((id): [string, string] => ["island", id]),
      ),
    );
    const findings = validate(text).findings.filter(({ rule }) => rule === "reachable");
    expect(findings).toHaveLength(10_000 - 999);
  });

  it("leaves a pod with no incoming edge to role-degree (one cause, one finding)", () => {
    const text = networkText(
      [
        { id: "root", role: "initiator" },
        { id: "sink", role: "terminator" },
        { id: "orphan", role: "terminator" },
      ],
      edges(["root", "sink"]),
    );
    expect(validate(text).findings.map(({ rule }) => rule)).toEqual(["role-degree"]);
  });
});
