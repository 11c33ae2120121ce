import { describe, expect, it } from "vitest";
import { edges, networkText, ruleIds, validate } from "../../support/findings.js";

function named(name: string, id = "a"): string {
  return networkText(
    [
      { id, role: "initiator" },
      { id: "b", role: "terminator" },
    ],
    edges([id, "b"]),
    { name },
  );
}

describe("name", () => {
  it.each(["a", "net-1", "on", "x".repeat(20)])("accepts the label %s", (label) => {
    expect(validate(named(label)).findings).toEqual([]);
    expect(validate(named("n", label === "b" ? "c" : label)).findings).toEqual([]);
  });

  it.each(["Net", "1net", "-net", "net-", "ne_t", "ne.t", "nét"])("refuses the network name %s", (label) => {
    const findings = validate(named(label)).findings;
    expect(ruleIds(findings)).toEqual(["name"]);
    expect(findings[0]?.message).toBe(`network name \`${label}\` is not a DNS-1035 label`);
  });

  it("refuses an upper-case pod id, suggesting the lower-case one", () => {
    const findings = validate(named("net", "Gateway")).findings;
    expect(ruleIds(findings)).toEqual(["name"]);
    expect(findings[0]?.hint).toContain("e.g. `gateway`");
  });

  it("refuses a namespace over 63 characters, giving the namespace, its length and how much to cut", () => {
    // net- + id + -ns: an id of 57 makes 64
    const id = `p${"x".repeat(56)}`;
    const findings = validate(named("net", id)).findings;
    expect(ruleIds(findings)).toEqual(["name"]);
    expect(findings[0]?.message).toBe(`namespace \`net-${id}-ns\` is 64 characters; Kubernetes allows 63`);
    expect(findings[0]?.hint).toContain("by 1");
    expect(validate(named("net", id.slice(1))).findings).toEqual([]);
  });
});
