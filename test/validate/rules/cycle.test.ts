import { describe, expect, it } from "vitest";
import { edges, networkText, ruleIds, validate } from "../../support/findings.js";

const cycleFindings = (text: string) => validate(text).findings.filter(({ rule }) => rule === "cycle");

describe("cycle", () => {
  it("accepts a cycle through an initiator (the Bi-Pod baton)", () => {
    const text = networkText(
      [
        { id: "pod-1", role: "initiator" },
        { id: "pod-2", role: "relay" },
        { id: "pod-3", role: "relay" },
      ],
      edges(["pod-1", "pod-2"], ["pod-2", "pod-3"], ["pod-3", "pod-1"]),
    );
    expect(validate(text).findings).toEqual([]);
  });

  it("reports a relay ↔ relay loop once, with the loop in the message, at its first edge", () => {
    const text = networkText(
      [
        { id: "start", role: "initiator" },
        { id: "ping", role: "relay" },
        { id: "pong", role: "relay" },
        { id: "end", role: "terminator" },
      ],
      edges(["start", "ping"], ["ping", "pong"], ["pong", "ping"], ["pong", "end"]),
    );
    const findings = validate(text).findings;
    expect(ruleIds(findings)).toEqual(["cycle"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("cycle pong → ping → pong does not pass through an initiator");
  });

  it("reports each loop that avoids the initiators once, naming a real path", () => {
    const text = networkText(
      [
        { id: "i", role: "initiator" },
        { id: "a", role: "relay" },
        { id: "b", role: "relay" },
        { id: "c", role: "relay" },
        { id: "x", role: "relay" },
        { id: "y", role: "relay" },
        { id: "t", role: "terminator" },
      ],
      edges(["i", "a"], ["a", "b"], ["b", "c"], ["c", "a"], ["c", "x"], ["x", "y"], ["y", "x"], ["y", "t"]),
    );
    const messages = cycleFindings(text).map(({ message }) => message);
    expect(messages).toEqual([
      "cycle b → c → a → b does not pass through an initiator",
      "cycle y → x → y does not pass through an initiator",
    ]);
  });

  it("handles a 10,000-pod chain and a 10,000-pod loop without overflowing the stack", () => {
    const count = 10_000;
    const ids = Array.from({ length: count }, (_, i) => `p${i}`);
    const pods = ids.map((id, i) => ({
      id,
      role: i === 0 ? "initiator" : i === count - 1 ? "terminator" : "relay",
    }));
    const chain = ids.slice(1).map((id, i): [string, string] => [ids[i] ?? "", id]);
    expect(validate(networkText(pods, edges(...chain))).findings).toEqual([]);

    // close the chain from p9998 back to p1: one loop of 9,998 relays that avoids the initiator
    const loop = networkText(pods, edges(...chain, [`p${count - 2}`, "p1"]));
    const findings = cycleFindings(loop);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message.split(" → ")).toHaveLength(count - 2 + 1);
  });
});
