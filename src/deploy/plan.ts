import { isDeepStrictEqual } from "node:util";
import { PARALLEL_API_CALLS } from "../cluster/apis.js";
import { CERT_MANAGER_KINDS, seesCertManager } from "../cluster/cert-manager.js";
import { clusterError, type ClusterTarget } from "../cluster/connect.js";
import {
  describeRef,
  refOf,
  type KubeObject,
  type ObjectClient,
  type ObjectRef,
} from "../cluster/objects.js";
import type { BlueprintModel } from "../model/model.js";
import { networkSelector } from "../render/k8s/labels.js";
import { mapLimited } from "../task-pool.js";
import type { BundleObject } from "./manifests.js";

export type Action = "create" | "change" | "unchanged" | "delete";

export interface PlanEntry {
  ref: ObjectRef;
  action: Action;
  /** What to apply (absent for a deletion). */
  object?: KubeObject;
  /** The top fields that change ("spec.template", "data.envoy.yaml"); none are named for a Secret. */
  changed: string[];
  /** False when the server could not judge it: its namespace does not exist yet. */
  checked: boolean;
}

/** A field another field manager owns, with another value than the bundle's. */
export interface Conflict {
  ref: ObjectRef;
  field: string;
  manager: string;
}

export interface Plan {
  /** The bundle's objects in apply order, then the deletions in delete order. */
  entries: PlanEntry[];
  conflicts: Conflict[];
}

/** The kinds lane7 renders: what a deploy prunes (by this network's labels) when the bundle lost one. */
export const RENDERED_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "v1", kind: "ConfigMap" },
  { apiVersion: "v1", kind: "Secret" },
  { apiVersion: "v1", kind: "Namespace" },
];

/** Fields the server keeps for itself: a difference in them is no change of what lane7 sets. */
const SERVER_METADATA = ["managedFields", "resourceVersion", "generation", "creationTimestamp", "uid"];

/**
 * What a deploy would do: each object applied as a server-side dry run (admission and strict field
 * validation included) and compared with the live one, and each object of this network that the bundle
 * no longer has. Sends no write.
 */
export async function planDeploy(
  client: ObjectClient,
  target: ClusterTarget,
  objects: readonly BundleObject[],
  model: BlueprintModel,
  force: boolean,
): Promise<Plan> {
  const conflicts: Conflict[] = [];
  const judge = (object: KubeObject, namespaceExists: boolean) =>
    judgeObject(client, target, object, namespaceExists, force, conflicts);
  const namespaces = objects.filter((entry) => entry.object.kind === "Namespace");
  const namespaced = objects.filter((entry) => entry.object.kind !== "Namespace");
  // Each judgement is two calls (a read and a dry run); a few at a time, as every cluster command calls.
  const namespaceEntries = await mapLimited(namespaces, PARALLEL_API_CALLS, (entry) =>
    judge(entry.object, true),
  );
  // The bundle's namespaces still to create; any other namespace (cert-manager's) is the cluster's.
  const creating = new Set(
    namespaceEntries.filter((entry) => entry.action === "create").map((entry) => entry.ref.name),
  );
  const otherEntries = await mapLimited(namespaced, PARALLEL_API_CALLS, (entry) =>
    judge(entry.object, !creating.has(entry.object.metadata.namespace ?? "")),
  );
  const order = new Map(objects.map((entry, index) => [describeRef(refOf(entry.object)), index]));
  const rank = (ref: ObjectRef) => order.get(describeRef(ref)) ?? 0;
  const applied = [...namespaceEntries, ...otherEntries].sort((a, b) => rank(a.ref) - rank(b.ref));
  // The dry runs answer in any order; the report follows the plan's.
  conflicts.sort((a, b) => rank(a.ref) - rank(b.ref) || a.field.localeCompare(b.field));
  const deletions = await pruned(client, target, objects, model);
  return { entries: [...applied, ...deletions], conflicts };
}

async function judgeObject(
  client: ObjectClient,
  target: ClusterTarget,
  object: KubeObject,
  namespaceExists: boolean,
  force: boolean,
  conflicts: Conflict[],
): Promise<PlanEntry> {
  const ref = refOf(object);
  const doing = `checking ${describeRef(ref)}`;
  if (!namespaceExists) return { ref, action: "create", object, changed: [], checked: false };
  try {
    const live = await client.read(ref);
    const applied = await client.apply(object, { dryRun: true, force }).catch((error: unknown) => {
      const found = fieldConflicts(error, ref);
      if (found.length === 0) throw error;
      conflicts.push(...found);
      return null;
    });
    if (live === null) return { ref, action: "create", object, changed: [], checked: true };
    const changed = applied === null ? [] : changedFields(live, applied);
    const action = applied === null || changed.length > 0 ? "change" : "unchanged";
    return { ref, action, object, changed: ref.kind === "Secret" ? [] : changed, checked: true };
  } catch (error) {
    throw clusterError(error, target, doing);
  }
}

/**
 * The objects with this network's labels that the bundle does not hold, in delete order. The Secrets the
 * bundle's Certificates fill carry those labels too (cert-manager copies them): they are the bundle's.
 */
async function pruned(
  client: ObjectClient,
  target: ClusterTarget,
  objects: readonly BundleObject[],
  model: BlueprintModel,
): Promise<PlanEntry[]> {
  const network = model.name;
  const wanted = new Set(
    objects.flatMap(({ object }) => [describeRef(refOf(object)), ...filledSecret(object)]),
  );
  const selector = networkSelector(network);
  const kinds = [...(await certManagerKinds(client, target, model)), ...RENDERED_KINDS];
  const found: KubeObject[][] = [];
  for (const { apiVersion, kind } of kinds) {
    try {
      found.push(await client.list(apiVersion, kind, selector));
    } catch (error) {
      throw clusterError(error, target, `listing the ${kind} objects of network ${network}`);
    }
  }
  const gone = found.flat().filter((object) => !wanted.has(describeRef(refOf(object))));
  // A namespace that goes takes its content with it.
  const goneNamespaces = new Set(
    gone.filter((object) => object.kind === "Namespace").map((o) => o.metadata.name),
  );
  return gone
    .filter(
      (object) => object.metadata.namespace === undefined || !goneNamespaces.has(object.metadata.namespace),
    )
    .map((object) => ({ ref: refOf(object), action: "delete", changed: [], checked: true }));
}

/**
 * cert-manager's kinds to prune: in open-mtls, all (deploy checked the cluster has their CRDs); in wosp,
 * all when the account sees their CRDs, or a network switched to wosp leaves its certificate authority and
 * Certificates behind.
 */
async function certManagerKinds(
  client: ObjectClient,
  target: ClusterTarget,
  model: BlueprintModel,
): Promise<readonly { apiVersion: string; kind: string }[]> {
  if (model.security.profile === "open-mtls") return CERT_MANAGER_KINDS;
  const sees = await seesCertManager(client).catch((error: unknown) => {
    throw clusterError(error, target, "looking up cert-manager's custom resource definitions");
  });
  return sees ? CERT_MANAGER_KINDS : [];
}

/** A Certificate's Secret, as describeRef names it; nothing for another kind. */
function filledSecret(object: KubeObject): string[] {
  if (object.kind !== "Certificate") return [];
  const secretName = (object.spec as { secretName?: unknown } | undefined)?.secretName;
  if (typeof secretName !== "string") return [];
  return [
    describeRef({ apiVersion: "v1", kind: "Secret", name: secretName, namespace: object.metadata.namespace }),
  ];
}

/** The fields (two levels deep) where `next` differs from `live`, server-kept metadata aside. */
export function changedFields(live: KubeObject, next: KubeObject): string[] {
  const paths: string[] = [];
  const compare = (a: unknown, b: unknown, path: string[], depth: number): void => {
    if (isDeepStrictEqual(a, b)) return;
    if (depth === 0 || !isRecord(a) || !isRecord(b)) {
      paths.push(path.join("."));
      return;
    }
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      compare(a[key], b[key], [...path, key], depth - 1);
    }
  };
  compare(comparable(live), comparable(next), [], 2);
  return paths;
}

function comparable(object: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...object };
  delete rest.status;
  const metadata = object.metadata;
  const kept = Object.fromEntries(Object.entries(metadata).filter(([key]) => !SERVER_METADATA.includes(key)));
  return { ...rest, metadata: kept };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A 409 of server-side apply: each field another manager owns, from the Status' causes. */
function fieldConflicts(error: unknown, ref: ObjectRef): Conflict[] {
  if (typeof error !== "object" || error === null || !("code" in error) || error.code !== 409) return [];
  const body = "body" in error && typeof error.body === "string" ? error.body : "";
  let causes: { reason?: string; message?: string; field?: string }[] = [];
  try {
    causes = (JSON.parse(body) as { details?: { causes?: typeof causes } }).details?.causes ?? [];
  } catch {
    return [];
  }
  return causes
    .filter((cause) => cause.reason === "FieldManagerConflict")
    .map((cause) => ({
      ref,
      field: (cause.field ?? "").replace(/^\./, ""),
      manager: /conflict with "([^"]*)"/.exec(cause.message ?? "")?.[1] ?? "another field manager",
    }));
}
