import { describe, expect, it } from "vitest";
import { kubectl, testCluster, type ClusterInfo } from "../support/cluster.js";
import { modelFromText } from "../support/models.js";
import {
  bundleDocuments,
  deploy,
  filledBundle,
  liveNamespaces,
  settledVersions,
  versions,
} from "./deploying.js";

/**
 * A redeploy after an edge and a pod are removed: exactly the objects whose manifests changed are
 * written, the removed pod's namespace is deleted, and nothing without this network's labels (an
 * unlabelled ConfigMap in one of its namespaces, the objects of another network) is touched.
 */
const cluster = testCluster();

const NAME = "deploy-prune";
const OTHER = "deploy-prune-other";

function network(withR3AndR1ToR2: boolean): string {
  return `apiVersion: lane7/v1
kind: Network
metadata:
  name: ${NAME}
  title: Prune
spec:
  mode: armored-tunnel
  pods:
    - { id: src, role: initiator }
    - { id: r1, role: relay }
    - { id: r2, role: relay }
${withR3AndR1ToR2 ? "    - { id: r3, role: relay }\n" : ""}    - { id: sink, role: terminator }
  edges:
    - { from: src, to: r1 }
    - { from: src, to: r2 }
    - { from: r1, to: sink }
    - { from: r2, to: sink }
${withR3AndR1ToR2 ? "    - { from: r1, to: r2 }\n    - { from: src, to: r3 }\n    - { from: r3, to: sink }\n" : ""}`;
}

/** Objects lane7 must never touch: one unlabelled, in this network's namespace; two of another network. */
const FOREIGN = `apiVersion: v1
kind: ConfigMap
metadata: { name: foreign, namespace: ${NAME}-src-ns }
data: { keep: "me" }
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${OTHER}-ns
  labels: { lane7.dev/network: ${OTHER}, app.kubernetes.io/managed-by: lane7 }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: other-network
  namespace: ${NAME}-src-ns
  labels: { lane7.dev/network: ${OTHER}, app.kubernetes.io/managed-by: lane7 }
data: { keep: "me too" }
`;

async function foreignVersions(live: ClusterInfo): Promise<string> {
  const result = await kubectl(live, [
    "get",
    "configmap/foreign",
    "configmap/other-network",
    "--namespace",
    `${NAME}-src-ns`,
    "-o",
    "jsonpath={.items[*].metadata.resourceVersion}",
  ]);
  const namespace = await kubectl(live, [
    "get",
    "namespace",
    `${OTHER}-ns`,
    "-o",
    "jsonpath={.metadata.resourceVersion}",
  ]);
  expect(result.status, result.stderr).toBe(0);
  expect(namespace.status, namespace.stderr).toBe(0);
  return `${result.stdout} ${namespace.stdout}`;
}

describe.skipIf(cluster === null)("lane7 deploy: a changed network", () => {
  const live = cluster as ClusterInfo;

  it("changes exactly what changed, prunes the removed pod's namespace, touches nothing else", async () => {
    const before = filledBundle(modelFromText(`${NAME}.yaml`, network(true)));
    const after = filledBundle(modelFromText(`${NAME}.yaml`, network(false)));
    const first = await deploy(live, [before.dir, "--yes", "--no-wait"]);
    expect(first.code, first.stderr).toBe(0);
    const applied = await kubectl(live, ["apply", "-f", "-"], FOREIGN);
    expect(applied.status, applied.stderr).toBe(0);
    const deployed = await settledVersions(live, NAME);
    const foreign = await foreignVersions(live);

    const oldDocuments = bundleDocuments(before);
    const newDocuments = bundleDocuments(after);
    const removed = [...oldDocuments.keys()].filter((key) => !newDocuments.has(key));
    const changed = [...newDocuments.keys()].filter((key) => newDocuments.get(key) !== oldDocuments.get(key));
    expect(removed).toContain(`Namespace ${NAME}-r3-ns`);
    expect(changed).toEqual(
      expect.arrayContaining([`NetworkPolicy ${NAME}-r2-ns/r2`, `ConfigMap ${NAME}-r1-ns/r1-envoy`]),
    );

    const plan = await deploy(live, [after.dir, "--dry-run"]);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toContain(`delete  Namespace ${NAME}-r3-ns\n`);
    expect(plan.stdout).toContain(`0 to create, ${changed.length} to change, 1 to delete`);
    expect(plan.stdout).not.toContain("foreign");
    expect(plan.stdout).not.toContain(OTHER);
    expect(await versions(live, NAME), "--dry-run wrote").toEqual(deployed);

    const result = await deploy(live, [after.dir, "--yes", "--no-wait"]);
    expect(result.code, result.stderr).toBe(0);
    expect(await liveNamespaces(live, [`${NAME}-r3-ns`])).toEqual([]);
    const now = await versions(live, NAME);
    const kept = Object.keys(now).filter((key) => !key.includes(`${NAME}-r3-ns`));
    expect(kept.sort()).toEqual([...newDocuments.keys()].sort());
    const rewritten = kept.filter((key) => now[key] !== deployed[key]);
    expect(rewritten.sort()).toEqual(changed.sort());
    expect(await foreignVersions(live)).toBe(foreign);
  }, 120_000);
});
