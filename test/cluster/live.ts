import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ManifestObject } from "../../src/cluster/load-target.js";
import { parseAllDocuments } from "yaml";
import { loadClientNode } from "../../src/cluster/client.js";
import { connect, type Cluster } from "../../src/cluster/connect.js";
import type { Io } from "../../src/io.js";
import type { BlueprintModel } from "../../src/model/model.js";
import { modelFromText } from "../support/models.js";
import { MANIFESTS, writeBundle, type WrittenBundle } from "./bundles.js";

/** Test helpers of the cluster commands (status, teardown, the rollout wait), through client-node. */

/** An example under a name of its own, so that its namespaces are one test's alone; written as a bundle. */
export function namedBundle(example: string, name: string): WrittenBundle {
  const text = readFileSync(new URL(`../../examples/${example}.yaml`, import.meta.url), "utf8");
  const model: BlueprintModel = modelFromText(
    `${name}.yaml`,
    text.replace(new RegExp(`^  name: ${example}$`, "m"), `  name: ${name}`),
  );
  if (model.name !== name) throw new Error(`examples/${example}.yaml: no metadata.name to replace`);
  return writeBundle(name, model);
}

export const quietIo: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  env: {},
  cwd: "/",
};

export function connectTo(kubeconfig: string): Promise<Cluster> {
  return connect({ kubeconfig }, quietIo);
}

/** Every object of the bundle's manifests (Secrets with their values), namespaces first. */
export function bundleObjects(bundle: WrittenBundle): ManifestObject[] {
  const objects = bundle.model.deployOrder.flatMap((pod) =>
    MANIFESTS.flatMap((manifest) =>
      parseAllDocuments(readFileSync(join(bundle.dir, pod, manifest), "utf8")).map(
        (document) => document.toJS() as ManifestObject,
      ),
    ),
  );
  return [
    ...objects.filter((object) => object.kind === "Namespace"),
    ...objects.filter((object) => object.kind !== "Namespace"),
  ];
}

/** Applies `objects` server-side as deploy does (one field manager, conflicts forced), one after the other. */
export async function applyServerSide(config: KubeConfig, objects: readonly ManifestObject[]): Promise<void> {
  const k8s = await loadClientNode();
  const client = k8s.KubernetesObjectApi.makeApiClient(config);
  for (const object of objects) {
    await client.patch(object, undefined, undefined, "lane7-test", true, k8s.PatchStrategy.ServerSideApply);
  }
}

/** Whether namespace `name` exists (a terminating one does). */
export async function namespaceExists(config: KubeConfig, name: string): Promise<boolean> {
  const k8s = await loadClientNode();
  return config
    .makeApiClient(k8s.CoreV1Api)
    .readNamespace({ name })
    .then(
      () => true,
      (error: unknown) => {
        if ((error as { code?: number }).code === 404) return false;
        throw error;
      },
    );
}

/** Deletes the bundle's namespaces without waiting (clean-up after a test). */
export async function deleteNetwork(cluster: Cluster, bundle: WrittenBundle): Promise<void> {
  const k8s = await loadClientNode();
  const core = cluster.config.makeApiClient(k8s.CoreV1Api);
  await Promise.all(
    bundle.model.pods.map((pod) => core.deleteNamespace({ name: pod.namespace }).catch(() => undefined)),
  );
}
