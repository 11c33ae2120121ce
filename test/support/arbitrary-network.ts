import fc from "fast-check";
import { stringify } from "yaml";
import {
  APP_CONTROL_PORT,
  APP_PORT,
  ENVOY_ADMIN_PORT,
  PROTOCOLS,
  SIDECAR_HEALTH_PORT,
  type Mode,
  type Protocol,
} from "../../src/spec/constants.js";
import type {
  AutoTriggerDescription,
  ClusterDescription,
  EdgeDescription,
  NetworkDescription,
  PodDescription,
} from "../../src/spec/network.js";

/**
 * fast-check arbitraries of VALID lane7/v1 networks, for property tests of the validator, the model and the
 * renderers. A generated network passes every rule by construction:
 * - pods are numbered; every edge goes from a lower to a higher number, except edges back into an initiator,
 *   so every cycle passes through an initiator;
 * - pod 0 is an initiator, some later pods may be too (never the last); every other pod has at least one
 *   upstream pod with a lower number, so all pods are reachable;
 * - roles follow from the degrees: a non-initiator with downstream is a relay (or an aggregator with 2+
 *   upstream), without downstream a terminator (or an aggregator with 2+ upstream); an initiator without
 *   downstream gets an edge to a non-initiator;
 * - ids are distinct DNS-1035 labels, short enough for every namespace, including YAML 1.1 booleans
 *   (`on`, `no`, `y`, …) and YAML 1.2 keywords (`true`, `null`) that a serializer must quote;
 * - armored-car networks are HTTP only; pinholes sit only on initiators and exits, on valid ports.
 */
export interface NetworkArbitraryOptions {
  /** At least 2; default 12. */
  maxPods?: number;
}

/** Ids that YAML 1.1 (or 1.2) readers would not take for strings when unquoted. */
export const TRICKY_IDS = [
  "on",
  "off",
  "no",
  "yes",
  "y",
  "n",
  "true",
  "false",
  "null",
  "nan",
  "inf",
] as const;

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const networkName = fc.oneof(
  fc.stringMatching(/^[a-z]([-a-z0-9]{0,18}[a-z0-9])?$/),
  fc.constantFrom("on", "no", "y"),
);

/** A port the `pinhole-port` rule accepts. */
export const validPinholePort = fc
  .integer({ min: 1024, max: 65535 })
  .filter(
    (port) =>
      port !== APP_PORT &&
      port !== APP_CONTROL_PORT &&
      port !== ENVOY_ADMIN_PORT &&
      port !== SIDECAR_HEALTH_PORT &&
      (port < 18000 || port > 18999),
  );

interface PodPlan {
  initiator: boolean;
  parents: number[];
  fallbackChild: number;
  backEdge: number | null;
  aggregator: boolean;
  protocol: Protocol | null;
  pinhole: { tier: 1 | 2; port: number | null } | null;
}

const podPlan = fc.record({
  initiator: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  parents: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  fallbackChild: fc.nat(),
  backEdge: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.nat(), weight: 1 }),
  aggregator: fc.boolean(),
  protocol: fc.option(fc.constantFrom(...PROTOCOLS)),
  pinhole: fc.option(
    fc.record({ tier: fc.constantFrom(1 as const, 2 as const), port: fc.option(validPinholePort) }),
    { freq: 2 },
  ),
});

/** spec.cluster: another domain, OpenShift's DNS, NodeLocal DNSCache, narrowed HTTPS. */
const cluster: fc.Arbitrary<ClusterDescription> = fc.record(
  {
    domain: fc.constantFrom("cluster.local", "k8s.example.internal", "c1"),
    dns: fc.record(
      {
        namespace: fc.constantFrom("kube-system", "openshift-dns"),
        port: fc.constantFrom(53, 5353),
        cidrs: fc.constantFrom(["169.254.20.10/32"], ["10.96.0.10/32", "fd00::a/128"]),
      },
      { requiredKeys: [] },
    ),
    outboundHttps: fc.constantFrom(["203.0.113.0/24"], ["0.0.0.0/0", "::/0"]),
  },
  { requiredKeys: [] },
);

const autoTrigger: fc.Arbitrary<AutoTriggerDescription> = fc.record(
  { count: fc.integer({ min: 0, max: 5 }), interval: fc.constantFrom(0.5, 2, 30) },
  { requiredKeys: [] },
);

export function networkArbitrary(options: NetworkArbitraryOptions = {}): fc.Arbitrary<NetworkDescription> {
  const maxPods = Math.max(2, options.maxPods ?? 12);
  return fc.integer({ min: 2, max: maxPods }).chain((count) =>
    fc
      .record({
        name: networkName,
        title: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        mode: fc.constantFrom<Mode | undefined>(undefined, "armored-tunnel", "armored-car"),
        ids: fc.uniqueArray(fc.oneof({ arbitrary: label, weight: 4 }, fc.constantFrom(...TRICKY_IDS)), {
          minLength: count,
          maxLength: count,
        }),
        plans: fc.array(podPlan, { minLength: count, maxLength: count }),
        cluster: fc.option(cluster, { nil: undefined, freq: 3 }),
        autoTrigger: fc.option(autoTrigger, { nil: undefined, freq: 3 }),
      })
      .map(build),
  );
}

/** The same networks as YAML text, the way a user would write them. */
export function networkTextArbitrary(options: NetworkArbitraryOptions = {}): fc.Arbitrary<string> {
  return networkArbitrary(options).map((network) => stringify(network));
}

function build(input: {
  name: string;
  title: string | undefined;
  mode: Mode | undefined;
  ids: string[];
  plans: PodPlan[];
  cluster: ClusterDescription | undefined;
  autoTrigger: AutoTriggerDescription | undefined;
}): NetworkDescription {
  const { ids, plans, mode } = input;
  const count = ids.length;
  const isInitiator = plans.map((plan, i) => i === 0 || (plan.initiator && i < count - 1));
  const edges: EdgeDescription[] = [];
  const seen = new Set<string>();
  const outCount = new Array<number>(count).fill(0);
  const inCount = new Array<number>(count).fill(0);
  const connect = (from: number, to: number) => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    outCount[from] = (outCount[from] ?? 0) + 1;
    inCount[to] = (inCount[to] ?? 0) + 1;
    edges.push({ from: idAt(ids, from), to: idAt(ids, to) });
  };
  plans.forEach((plan, i) => {
    if (i === 0) return;
    const parents = isInitiator[i] ? plan.parents.slice(0, plan.parents.length - 1) : plan.parents;
    for (const pick of parents) connect(pick % i, i);
  });
  const initiators = isInitiator.flatMap((yes, i) => (yes ? [i] : []));
  plans.forEach((plan, i) => {
    if (plan.backEdge !== null && !isInitiator[i])
      connect(i, initiators[plan.backEdge % initiators.length] ?? 0);
  });
  const others = isInitiator.flatMap((yes, i) => (yes ? [] : [i]));
  plans.forEach((plan, i) => {
    if (isInitiator[i] && outCount[i] === 0)
      connect(i, others[plan.fallbackChild % others.length] ?? count - 1);
  });
  const pods = plans.map((plan, i): PodDescription => {
    const fanIn = (inCount[i] ?? 0) >= 2;
    const hasDownstream = (outCount[i] ?? 0) > 0;
    const role = isInitiator[i]
      ? "initiator"
      : fanIn && plan.aggregator
        ? "aggregator"
        : hasDownstream
          ? "relay"
          : "terminator";
    const pod: PodDescription = { id: idAt(ids, i), role };
    const protocol = mode === "armored-car" ? (plan.protocol === null ? null : "http") : plan.protocol;
    if (protocol !== null) pod.protocol = protocol;
    const exit = role === "terminator" || (role === "aggregator" && !hasDownstream);
    if (plan.pinhole && (role === "initiator" || exit)) {
      pod.pinhole =
        plan.pinhole.port === null
          ? { tier: plan.pinhole.tier }
          : { tier: plan.pinhole.tier, port: plan.pinhole.port };
    }
    return pod;
  });
  return {
    apiVersion: "lane7/v1",
    kind: "Network",
    metadata: input.title === undefined ? { name: input.name } : { name: input.name, title: input.title },
    spec: {
      ...(mode && { mode }),
      pods,
      edges,
      ...(input.cluster && { cluster: input.cluster }),
      ...(input.autoTrigger && { autoTrigger: input.autoTrigger }),
    },
  };
}

function idAt(ids: readonly string[], index: number): string {
  const id = ids[index];
  if (id === undefined) throw new Error(`arbitrary-network: no id for pod ${index}`);
  return id;
}
