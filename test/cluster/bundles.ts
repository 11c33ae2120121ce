import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import type { BlueprintModel } from "../../src/model/model.js";
import { composeBundle } from "../../src/render/bundle.js";
import type { RenderOptions } from "../../src/render/options.js";
import type { NetworkDescription } from "../../src/spec/network.js";
import { networkArbitrary, TRICKY_IDS } from "../support/arbitrary-network.js";
import { EXAMPLES, exampleModel, modelFromText, OPTIONS } from "../support/models.js";

/** A composed bundle on disk, with the model it came from. */
export interface WrittenBundle {
  name: string;
  model: BlueprintModel;
  dir: string;
}

export const MANIFESTS = ["01-namespace.yaml", "02-secrets.yaml", "03-deployment.yaml"] as const;

/**
 * Writes the bundle of `model` into a directory named after the network, alone in a new temporary
 * directory (where its pinhole-setup.sh keeps the TLS material by default).
 */
export function writeBundle(
  name: string,
  model: BlueprintModel,
  options: RenderOptions = OPTIONS,
): WrittenBundle {
  const dir = join(mkdtempSync(join(tmpdir(), "lane7-cluster-bundle-")), model.name);
  for (const file of composeBundle(model, options)) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content, { mode: file.mode });
  }
  return { name, model, dir };
}

/** The paths of every pod's `manifest` in the bundle. */
export function manifestPaths(bundle: WrittenBundle, manifest: (typeof MANIFESTS)[number]): string[] {
  return bundle.model.pods.map((pod) => join(bundle.dir, pod.id, manifest));
}

export function modelOf(network: NetworkDescription): BlueprintModel {
  return modelFromText(`${network.metadata.name}.yaml`, stringify(network));
}

/** What the generated networks must show between them, each a test of one renderer path. */
const FEATURES: Record<string, (network: NetworkDescription) => boolean> = {
  gRPC: (network) => network.spec.pods.some((pod) => pod.protocol === "grpc"),
  WebSocket: (network) => network.spec.pods.some((pod) => pod.protocol === "websocket"),
  "armored-car": (network) => network.spec.mode === "armored-car",
  "tier 1 pinhole": (network) => network.spec.pods.some((pod) => pod.pinhole?.tier === 1),
  "tier 2 pinhole": (network) => network.spec.pods.some((pod) => pod.pinhole?.tier === 2),
  "YAML 1.1 pod id": (network) => network.spec.pods.some((pod) => isTricky(pod.id)),
  "YAML 1.1 network name": (network) => isTricky(network.metadata.name),
  "DNS and HTTPS narrowed by CIDR": (network) =>
    (network.spec.cluster?.dns?.cidrs?.length ?? 0) > 0 && network.spec.cluster?.outboundHttps !== undefined,
};

function isTricky(id: string): boolean {
  return (TRICKY_IDS as readonly string[]).includes(id);
}

/** How many generated networks are applied. */
const HANDFUL = 5;

/**
 * A handful of generated networks (a fixed seed, so the same ones every run) that cover every FEATURES
 * entry between them, no two sharing a name or a namespace, none a namespace with an example: first,
 * greedily, each covering the most features still missing, then the first others of the sample.
 */
export function generatedNetworks(): { networks: NetworkDescription[]; missing: string[] } {
  const candidates = fc.sample(networkArbitrary({ maxPods: 6 }), { numRuns: 100, seed: 7 });
  const taken = new Set(EXAMPLES.flatMap((name) => exampleModel(name).pods.map((pod) => pod.namespace)));
  const networks: NetworkDescription[] = [];
  const pick = (network: NetworkDescription): boolean => {
    const namespaces = modelOf(network).pods.map((pod) => pod.namespace);
    const name = network.metadata.name;
    if (networks.some((other) => other.metadata.name === name) || namespaces.some((ns) => taken.has(ns)))
      return false;
    for (const namespace of namespaces) taken.add(namespace);
    networks.push(network);
    return true;
  };
  let missing = Object.keys(FEATURES);
  const score = (network: NetworkDescription) => missing.filter((name) => FEATURES[name]?.(network)).length;
  for (;;) {
    const best = candidates
      .filter((network) => score(network) > 0)
      .sort((a, b) => score(b) - score(a))
      .find(pick);
    if (best === undefined) break;
    missing = missing.filter((name) => !FEATURES[name]?.(best));
  }
  for (const network of candidates) if (networks.length < HANDFUL) pick(network);
  return { networks, missing };
}
