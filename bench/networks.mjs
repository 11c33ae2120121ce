// Generates valid lane7 networks of a given size for the benchmark: layers of 1 to 6 pods, each pod
// (after the first layer) fed by up to three pods of the layer before, so that chains (width 1), fan-outs
// and fan-ins mix and there are about three edges per pod. Seeded: the same size gives the same network.
import { stringify } from "yaml";

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTOCOLS = ["http", "http", "websocket", "grpc"];

export function benchNetwork(size, seed = size) {
  const next = random(seed);
  const layers = [];
  for (let made = 0; made < size;) {
    const width = Math.min(size - made, layers.length === 0 ? 2 : 1 + Math.floor(next() * 6));
    layers.push(Array.from({ length: width }, (_, i) => `p${made + i}`));
    made += width;
  }
  if (layers.length === 1) layers.push(layers[0].splice(1));
  const upstreamOf = new Map();
  for (let k = 1; k < layers.length; k++) {
    const previous = layers[k - 1];
    const current = layers[k];
    for (const id of current) upstreamOf.set(id, new Set());
    // Every pod of the previous layer sends somewhere (round-robin), then each pod tops up to three.
    previous.forEach((id, i) => upstreamOf.get(current[i % current.length]).add(id));
    for (const id of current) {
      const wanted = Math.min(3, previous.length);
      while (upstreamOf.get(id).size < wanted)
        upstreamOf.get(id).add(previous[Math.floor(next() * previous.length)]);
    }
  }
  const last = layers.length - 1;
  const pods = layers.flatMap((layer, k) =>
    layer.map((id) => {
      const inCount = upstreamOf.get(id)?.size ?? 0;
      const role =
        k === 0
          ? "initiator"
          : k === last
            ? "terminator"
            : inCount >= 2 && next() < 0.5
              ? "aggregator"
              : "relay";
      const pod = { id, role, protocol: PROTOCOLS[Math.floor(next() * PROTOCOLS.length)] };
      if ((role === "initiator" || role === "terminator") && next() < 0.2)
        pod.pinhole = { tier: next() < 0.5 ? 1 : 2 };
      return pod;
    }),
  );
  const edges = layers
    .slice(1)
    .flatMap((layer) => layer.flatMap((id) => [...upstreamOf.get(id)].map((from) => ({ from, to: id }))));
  return {
    apiVersion: "lane7/v1",
    kind: "Network",
    metadata: { name: `bench-${size}`, title: `Benchmark network of ${size} pods` },
    spec: { mode: "armored-tunnel", pods, edges },
  };
}

export function benchNetworkYaml(size, seed) {
  return stringify(benchNetwork(size, seed), { lineWidth: 0 });
}

/** The same network with one more edge and one changed protocol: what a typical review diff looks like. */
export function changedNetworkYaml(size) {
  const network = benchNetwork(size);
  const relay = network.spec.pods.find((pod) => pod.role === "relay" || pod.role === "aggregator");
  if (relay) relay.protocol = relay.protocol === "http" ? "grpc" : "http";
  const terminator = network.spec.pods.findLast((pod) => pod.role === "terminator");
  const sender = network.spec.pods.find((pod) => pod.role === "initiator");
  const exists = network.spec.edges.some((edge) => edge.from === sender.id && edge.to === terminator.id);
  if (!exists) network.spec.edges.push({ from: sender.id, to: terminator.id });
  return stringify(network, { lineWidth: 0 });
}
