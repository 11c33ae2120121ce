import { describe, expect, it } from "vitest";
import { edges, networkText, ruleIds, validate } from "../../support/findings.js";

function withPinholePort(port: number, protocol = "http"): string {
  return networkText(
    [
      { id: "a", role: "initiator", protocol, pinhole: { tier: 1, port } },
      { id: "b", role: "terminator" },
    ],
    edges(["a", "b"]),
  );
}

describe("pinhole-port", () => {
  it.each([1024, 7999, 8002, 9900, 9903, 17999, 19000, 19443, 65535])("accepts port %i", (port) => {
    expect(validate(withPinholePort(port)).findings).toEqual([]);
  });

  it.each([
    [0, "is outside 1024-65535"],
    [1023, "is outside 1024-65535"],
    [65536, "is outside 1024-65535"],
    [8000, "is the app's ingress port"],
    [8001, "is the app's control port"],
    [9901, "is the sidecar's admin port"],
    [9902, "is the sidecar's health port"],
    [18000, "is in 18000-18999"],
    [18500, "is in 18000-18999"],
    [18999, "is in 18000-18999"],
  ])("refuses port %i: it %s", (port, why) => {
    const findings = validate(withPinholePort(port)).findings;
    expect(ruleIds(findings)).toEqual(["pinhole-port"]);
    expect(findings[0]?.message).toContain(`pinhole port ${port} ${why}`);
    expect(findings[0]?.hint).toContain("19000");
  });

  it.each(["http", "websocket", "grpc"])(
    "refuses 8000 and 8001 on a %s pod (its ingress and control ports)",
    (protocol) => {
      for (const port of [8000, 8001])
        expect(ruleIds(validate(withPinholePort(port, protocol)).findings)).toEqual(["pinhole-port"]);
    },
  );

  it("leaves a non-integer port to the schema", () => {
    expect(ruleIds(validate(withPinholePort(19000.5)).findings)).toEqual(["schema"]);
  });
});
