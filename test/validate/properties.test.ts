import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { RuleId } from "../../src/validate/finding.js";
import type { NetworkDescription } from "../../src/spec/network.js";
import { networkArbitrary } from "../support/arbitrary-network.js";
import { ruleIds, validate } from "../support/findings.js";

const RUNS = { seed: 0x1a7e7, numRuns: 200 };

/** A mutation that breaks exactly one rule of a valid network, or undefined where it does not apply. */
type Mutation = (network: NetworkDescription) => NetworkDescription | undefined;

const clone = (network: NetworkDescription): NetworkDescription => structuredClone(network);

const MUTATIONS: [RuleId, string, Mutation][] = [
  [
    "unknown-pod",
    "rename an edge endpoint to an undeclared pod",
    (network) => {
      const next = clone(network);
      const edge = next.spec.edges[0];
      if (!edge) return undefined;
      edge.to = "zz-undeclared-pod";
      return next;
    },
  ],
  [
    "unique-edge",
    "declare an edge twice",
    (network) => {
      const next = clone(network);
      const edge = next.spec.edges.at(-1);
      if (!edge) return undefined;
      next.spec.edges.push({ ...edge });
      return next;
    },
  ],
  [
    "self-edge",
    "add an edge from a pod to itself",
    (network) => {
      const next = clone(network);
      const pod = next.spec.pods[0];
      if (!pod) return undefined;
      next.spec.edges.push({ from: pod.id, to: pod.id });
      return next;
    },
  ],
  [
    "unique-pod",
    "declare a pod id twice",
    (network) => {
      const next = clone(network);
      const [first, second] = next.spec.pods;
      if (!first || !second || second.role === "initiator") return undefined;
      next.spec.pods.push({ ...second, id: second.id, role: second.role });
      return next;
    },
  ],
  [
    "mode-protocol",
    "set armored-car with a websocket pod",
    (network) => {
      const next = clone(network);
      next.spec.mode = "armored-car";
      next.spec.pods.forEach((pod, i) => {
        if (pod.pinhole?.port === 8001) delete pod.pinhole.port;
        pod.protocol = i === 0 ? "websocket" : "http";
      });
      return next;
    },
  ],
  [
    "mode-profile",
    "declare a mode in the open-mtls profile",
    (network) => {
      const next = clone(network);
      next.spec.mode ??= "armored-tunnel";
      next.spec.security = { profile: "open-mtls" };
      return next;
    },
  ],
  [
    "pinhole-role",
    "put a pinhole on a relay",
    (network) => {
      const next = clone(network);
      const relay = next.spec.pods.find((pod) => pod.role === "relay");
      if (!relay) return undefined;
      relay.pinhole = { tier: 1 };
      return next;
    },
  ],
  [
    "pinhole-port",
    "set a pinhole port to 18500",
    (network) => {
      const next = clone(network);
      const pod = next.spec.pods[0];
      if (!pod) return undefined;
      pod.pinhole = { tier: 2, port: 18500 };
      return next;
    },
  ],
  [
    "name",
    "make a pod id upper-case",
    (network) => {
      const next = clone(network);
      const pod = next.spec.pods.at(-1);
      if (!pod) return undefined;
      const upper = pod.id.toUpperCase();
      if (next.spec.pods.some((other) => other.id === upper)) return undefined;
      for (const edge of next.spec.edges) {
        if (edge.from === pod.id) edge.from = upper;
        if (edge.to === pod.id) edge.to = upper;
      }
      pod.id = upper;
      return next;
    },
  ],
  [
    "role-degree",
    "make a terminator forward",
    (network) => {
      const next = clone(network);
      const terminator = next.spec.pods.find((pod) => pod.role === "terminator");
      const initiator = next.spec.pods.find((pod) => pod.role === "initiator");
      if (!terminator || !initiator) return undefined;
      next.spec.edges.push({ from: terminator.id, to: initiator.id });
      return next;
    },
  ],
  [
    "cycle",
    "loop two relays",
    (network) => {
      const next = clone(network);
      const byId = new Map(next.spec.pods.map((pod) => [pod.id, pod]));
      const edge = next.spec.edges.find(
        ({ from, to }) => byId.get(from)?.role === "relay" && byId.get(to)?.role === "relay",
      );
      if (!edge || next.spec.edges.some(({ from, to }) => from === edge.to && to === edge.from))
        return undefined;
      next.spec.edges.push({ from: edge.to, to: edge.from });
      return next;
    },
  ],
  [
    "at-least-one-initiator",
    "remove all initiators",
    (network) => {
      const next = clone(network);
      for (const pod of next.spec.pods) {
        if (pod.role !== "initiator") continue;
        pod.role = "relay";
        delete pod.pinhole;
      }
      return next;
    },
  ],
  [
    "schema",
    "misspell a pod's key",
    (network) => {
      const next = clone(network) as unknown as { spec: { pods: Record<string, unknown>[] } };
      const pod = next.spec.pods[0];
      if (!pod) return undefined;
      pod.protocl = pod.protocol ?? "http";
      return next as unknown as NetworkDescription;
    },
  ],
];

/** Rules a mutation may also trip, as a direct consequence of the same change. */
const ALSO: Partial<Record<RuleId, RuleId[]>> = {
  "at-least-one-initiator": ["role-degree", "cycle"],
};

describe("generated valid networks", () => {
  it("validate with no findings", () => {
    fc.assert(
      fc.property(networkArbitrary(), (network) => {
        const result = validate(stringify(network));
        expect(result.findings).toEqual([]);
        expect(result.ok).toBe(true);
      }),
      RUNS,
    );
  });

  it("read back as the same description", () => {
    fc.assert(
      fc.property(networkArbitrary(), (network) => {
        const result = validate(stringify(network));
        expect(result.ok && result.network).toEqual(network);
      }),
      RUNS,
    );
  });
});

describe.each(MUTATIONS)("mutation breaking `%s`: %s", (rule, _, mutate) => {
  it("is reported with that rule id, and no unrelated one", () => {
    let applied = 0;
    fc.assert(
      fc.property(networkArbitrary(), (network) => {
        const mutated = mutate(network);
        fc.pre(mutated !== undefined);
        applied++;
        const result = validate(stringify(mutated));
        expect(result.ok).toBe(false);
        const ids = ruleIds(result.findings);
        expect(ids).toContain(rule);
        expect(ids.filter((id) => id !== rule && !(ALSO[rule] ?? []).includes(id))).toEqual([]);
      }),
      { ...RUNS, numRuns: 100 },
    );
    expect(applied).toBeGreaterThan(10);
  });
});
