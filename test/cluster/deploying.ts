import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { expect } from "vitest";
import type { BlueprintModel } from "../../src/model/model.js";
import { runInProcess } from "../support/cli.js";
import { clusterEnv, eventually, getJson, runCommand, type ClusterInfo } from "../support/cluster.js";
import { modelFromText, OPTIONS } from "../support/models.js";
import { writeBundle, type WrittenBundle } from "./bundles.js";

/** The kinds lane7 renders, as kubectl names them. */
const KINDS = "namespaces,secrets,configmaps,services,networkpolicies.networking.k8s.io,deployments.apps";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `lane7 deploy …` in-process (client-node is loaded once per test file), against the test cluster. */
export function deploy(live: ClusterInfo, args: readonly string[], cwd?: string): Promise<Run> {
  return runInProcess(["deploy", "--kubeconfig", live.kubeconfig, ...args], cwd ?? tmpdir(), {
    HOME: mkdtempSync(join(tmpdir(), "lane7-home-")),
  });
}

/** Real-looking credentials for every pod of `model`. */
export function credentialsFor(model: BlueprintModel) {
  return {
    license: "LICENSE-for-the-test-cluster",
    apiToken: "TOKEN-for-the-test-cluster",
    keys: Object.fromEntries(model.pods.map((pod) => [pod.id, `KEY-${pod.id}`])),
  };
}

/** The model of `text` (a network file) under the network name `name`, so that a test's namespaces are its own. */
export function renamed(text: string, name: string): BlueprintModel {
  return modelFromText(`${name}.yaml`, text.replace(/^( {2}name: ).*$/m, `$1${name}`));
}

export function example(file: string): string {
  return readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8");
}

/** The bundle of `model` on disk, with credentials filled in. */
export function filledBundle(model: BlueprintModel): WrittenBundle {
  return writeBundle(model.name, model, { ...OPTIONS, credentials: credentialsFor(model) });
}

/** The bundle's own pinhole-setup.sh (openssl, the built kubectl): the pinhole TLS secrets. */
export async function pinholeSetup(live: ClusterInfo, bundle: WrittenBundle): Promise<void> {
  if (!bundle.model.pods.some((pod) => pod.pinhole)) return;
  const result = await runCommand("bash", [join(bundle.dir, "pinhole-setup.sh"), "--yes"], {
    env: clusterEnv(live),
    cwd: bundle.dir,
  });
  expect(result.stderr, "pinhole-setup.sh").toBe("");
  expect(result.status, "pinhole-setup.sh").toBe(0);
}

interface Listed {
  items: { kind: string; metadata: { name: string; namespace?: string; resourceVersion: string } }[];
}

/** Every object with network `name`'s labels, as "Kind namespace/name" → resourceVersion. */
export async function versions(live: ClusterInfo, name: string): Promise<Record<string, string>> {
  const list = await getJson<Listed>(live, [KINDS, "--all-namespaces", "-l", `lane7.dev/network=${name}`]);
  return Object.fromEntries(
    list.items.map((item) => [keyOf(item.kind, item.metadata), item.metadata.resourceVersion]),
  );
}

/**
 * versions() once the controller manager is done with what a deploy wrote: it records each new
 * Deployment's status (its ReplicaSet, the Pending Pod) shortly after, which moves its resourceVersion
 * without lane7. Settled: the same over two seconds.
 */
export async function settledVersions(live: ClusterInfo, name: string): Promise<Record<string, string>> {
  let last = await versions(live, name);
  return eventually(
    `the objects of network ${name} to settle`,
    async () => {
      await sleep(2_000);
      const now = await versions(live, name);
      const settled = isDeepStrictEqual(now, last);
      last = now;
      return settled ? now : null;
    },
    60_000,
  );
}

function keyOf(kind: string, metadata: { name: string; namespace?: string }): string {
  return `${kind} ${metadata.namespace === undefined ? "" : `${metadata.namespace}/`}${metadata.name}`;
}

/** The bundle's objects as "Kind namespace/name" → their YAML document. */
export function bundleDocuments(bundle: WrittenBundle): Map<string, string> {
  const documents = new Map<string, string>();
  for (const pod of bundle.model.pods) {
    for (const file of ["01-namespace.yaml", "02-secrets.yaml", "03-deployment.yaml"]) {
      for (const document of parseAllDocuments(readFileSync(join(bundle.dir, pod.id, file), "utf8"))) {
        const object = document.toJS() as { kind: string; metadata: { name: string; namespace?: string } };
        documents.set(keyOf(object.kind, object.metadata), document.toString());
      }
    }
  }
  return documents;
}

/** The namespaces of `names` that exist, deleted ones (still terminating) left out. */
export async function liveNamespaces(live: ClusterInfo, names: readonly string[]): Promise<string[]> {
  const list = await getJson<{ items: { metadata: { name: string; deletionTimestamp?: string } }[] }>(live, [
    "namespaces",
  ]);
  return list.items
    .filter((item) => names.includes(item.metadata.name) && item.metadata.deletionTimestamp === undefined)
    .map((item) => item.metadata.name);
}
