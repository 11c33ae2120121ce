import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { expect } from "vitest";
import {
  eventually,
  getJson,
  kubectl,
  serverWarnings,
  type ClusterInfo,
  type CommandResult,
} from "../support/cluster.js";

/** How the tests apply: server-side, strict field validation, as one field manager. */
export function serverSideApply(
  cluster: ClusterInfo,
  files: readonly string[],
  options: { dryRun: boolean },
): Promise<CommandResult> {
  return kubectl(cluster, [
    "apply",
    "--server-side",
    "--field-manager=lane7-test",
    "--validate=strict",
    ...(options.dryRun ? ["--dry-run=server"] : []),
    ...files.flatMap((file) => ["-f", file]),
  ]);
}

/** Applies `files` server-side, a dry run first, then for real: no error, no warning, every object. */
export async function expectAppliedCleanly(cluster: ClusterInfo, files: readonly string[]): Promise<void> {
  const objects = files.reduce(
    (count, file) => count + parseAllDocuments(readFileSync(file, "utf8")).length,
    0,
  );
  for (const dryRun of [true, false]) {
    const result = await serverSideApply(cluster, files, { dryRun });
    const what = `kubectl apply --server-side${dryRun ? " --dry-run=server" : ""} of ${files.join(", ")}`;
    expect(serverWarnings(result.stderr), `${what}: the API server warned`).toEqual([]);
    expect(result.stderr, `${what}: stderr`).toBe("");
    expect(result.status, what).toBe(0);
    expect(result.stdout.trimEnd().split("\n"), `${what}: one line per object`).toHaveLength(objects);
  }
}

interface Labelled {
  metadata: { name: string; labels?: Record<string, string> };
}

/** Every namespace exists and enforces (audits, warns) Pod Security `restricted`. */
export async function expectRestricted(cluster: ClusterInfo, namespaces: readonly string[]): Promise<void> {
  for (const name of namespaces) {
    const namespace = await getJson<Labelled>(cluster, ["namespace", name]);
    for (const mode of ["enforce", "audit", "warn"]) {
      expect(namespace.metadata.labels?.[`pod-security.kubernetes.io/${mode}`], `${name}: ${mode}`).toBe(
        "restricted",
      );
    }
  }
}

interface List<T> {
  items: T[];
}
interface Deployment {
  metadata: { name: string };
  spec: { replicas?: number };
}
interface Pod {
  metadata: { name: string; ownerReferences?: { kind: string }[] };
  spec: { nodeName?: string };
  status: { phase?: string };
}
interface Event {
  reason?: string;
  message?: string;
  involvedObject: { kind: string; name: string };
}

/** The FailedCreate events of ReplicaSets in `namespace`: why the controller could not make a Pod. */
export async function failedCreates(cluster: ClusterInfo, namespace: string): Promise<string[]> {
  const events = await getJson<List<Event>>(cluster, ["events", "--namespace", namespace]);
  return events.items
    .filter((event) => event.reason === "FailedCreate" && event.involvedObject.kind === "ReplicaSet")
    .map((event) => `${event.involvedObject.name}: ${event.message ?? ""}`);
}

/**
 * The controller manager has turned every Deployment in `namespace` into a ReplicaSet and as many Pods as
 * it asks for, and admission (Pod Security `restricted` first of all) let each one in. There is no
 * kubelet and no scheduler: the Pods are Pending on no node, which is as far as they get here.
 */
export async function expectPodsAdmitted(cluster: ClusterInfo, namespace: string): Promise<void> {
  const deployments = await getJson<List<Deployment>>(cluster, ["deployments", "--namespace", namespace]);
  expect(deployments.items.length, `${namespace}: deployments`).toBeGreaterThan(0);
  const wanted = deployments.items.reduce((sum, deployment) => sum + (deployment.spec.replicas ?? 1), 0);
  const pods = await eventually(`${namespace}: ${wanted} pods`, async () => {
    const refused = (await failedCreates(cluster, namespace)).filter((event) =>
      event.includes("PodSecurity"),
    );
    expect(refused, `${namespace}: Pod Security refused the Deployment's pods`).toEqual([]);
    const list = await getJson<List<Pod>>(cluster, ["pods", "--namespace", namespace]);
    return list.items.length >= wanted ? list.items : null;
  });
  for (const pod of pods) {
    expect(
      pod.metadata.ownerReferences?.map((owner) => owner.kind),
      pod.metadata.name,
    ).toEqual(["ReplicaSet"]);
    expect({ phase: pod.status.phase, node: pod.spec.nodeName }, `${pod.metadata.name}: no kubelet`).toEqual({
      phase: "Pending",
      node: undefined,
    });
  }
}
