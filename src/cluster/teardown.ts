import { setTimeout as sleep } from "node:timers/promises";
import type { BlueprintModel } from "../model/model.js";
import { podsInDeployOrder } from "../render/blueprint/topology.js";
import { certificateAuthorityNames } from "../render/conventions.js";
import { networkSelector } from "../render/k8s/labels.js";
import { statusCode, type ClusterApis } from "./apis.js";
import { CERT_MANAGER_KINDS, seesCertManager } from "./cert-manager.js";
import { refOf, type ObjectClient, type ObjectRef } from "./objects.js";

/** The namespaces of `model` in the order teardown deletes them: reverse deploy order, upstream pods first. */
export function teardownOrder(model: BlueprintModel): string[] {
  return podsInDeployOrder(model)
    .map((pod) => pod.namespace)
    .reverse();
}

export interface NamespaceTeardown {
  namespace: string;
  /** deleted: it was there and is gone; absent: it was not there; remaining: still terminating at the timeout. */
  outcome: "deleted" | "absent" | "remaining";
}

export interface TeardownOptions {
  /** How long to wait for the namespace to be gone. */
  timeoutSeconds: number;
  /** Between two looks; default 500. */
  intervalMs?: number;
}

/**
 * Deletes `namespace` (and with it everything in it) and waits until it is gone, for at most
 * `timeoutSeconds`. A namespace that is not there is `absent`, so a second teardown does nothing. API errors
 * are thrown as they come. Teardown deletes the namespaces one after the other, each gone before the next,
 * as teardown.sh does: no pod is left sending to one already gone.
 */
export async function deleteNamespace(
  apis: ClusterApis,
  namespace: string,
  options: TeardownOptions,
): Promise<NamespaceTeardown> {
  const existed = await apis.core.deleteNamespace({ name: namespace }).then(
    () => true,
    (error: unknown) => {
      if (statusCode(error) === 404) return false;
      throw error;
    },
  );
  if (!existed) return { namespace, outcome: "absent" };
  const deadline = Date.now() + options.timeoutSeconds * 1_000;
  for (;;) {
    if (!(await namespaceExists(apis, namespace))) return { namespace, outcome: "deleted" };
    if (Date.now() >= deadline) return { namespace, outcome: "remaining" };
    await sleep(Math.min(options.intervalMs ?? 500, Math.max(0, deadline - Date.now())));
  }
}

async function namespaceExists(apis: ClusterApis, namespace: string): Promise<boolean> {
  return apis.core.readNamespace({ name: namespace }).then(
    () => true,
    (error: unknown) => {
      if (statusCode(error) === 404) return false;
      throw error;
    },
  );
}

/**
 * open-mtls: the network's certificate authority, in the order teardown deletes it, after the namespaces:
 * the CA Certificate first (so that cert-manager does not issue its Secret again), the ClusterIssuers, then
 * the CA Secret, which cert-manager leaves behind. None in wosp.
 */
export function certificateAuthorityRefs(model: BlueprintModel): ObjectRef[] {
  if (model.security.profile === "wosp") return [];
  const names = certificateAuthorityNames(model);
  const namespace = model.security.certManagerNamespace;
  const issuer = (name: string): ObjectRef => ({
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    name,
  });
  return [
    { apiVersion: "cert-manager.io/v1", kind: "Certificate", name: names.caCertificate, namespace },
    issuer(names.caIssuer),
    issuer(names.selfSignedIssuer),
    { apiVersion: "v1", kind: "Secret", name: names.caSecret, namespace },
  ];
}

/**
 * wosp: what an open-mtls deployment of the same network left of its certificate authority outside the
 * network's namespaces (ClusterIssuers, the CA Certificate and its Secret), found by the network's labels
 * where the account sees cert-manager's CRDs, in the order teardown deletes them. A deploy of the wosp
 * bundle prunes them; this is for a network switched to wosp and torn down without one.
 */
export async function leftoverAuthorityRefs(
  client: ObjectClient,
  model: BlueprintModel,
): Promise<ObjectRef[]> {
  if (model.security.profile !== "wosp" || !(await seesCertManager(client))) return [];
  const namespaces = new Set(model.pods.map((pod) => pod.namespace));
  const selector = networkSelector(model.name);
  const refs: ObjectRef[] = [];
  for (const kind of LEFTOVER_KINDS) {
    for (const object of await client.list(kind.apiVersion, kind.kind, selector)) {
      if (!namespaces.has(object.metadata.namespace ?? "")) refs.push(refOf(object));
    }
  }
  return refs;
}

/**
 * The CA Secret last, as in certificateAuthorityRefs: cert-manager does not delete it with its Certificate.
 */
const LEFTOVER_KINDS = [...CERT_MANAGER_KINDS, { apiVersion: "v1", kind: "Secret" }];

/** Deletes each of `refs` that is there (whether it was, for each); a second teardown finds none. */
export async function deleteObjects(
  client: ObjectClient,
  refs: readonly ObjectRef[],
): Promise<{ ref: ObjectRef; deleted: boolean }[]> {
  const results: { ref: ObjectRef; deleted: boolean }[] = [];
  for (const ref of refs) results.push({ ref, deleted: await client.delete(ref) });
  return results;
}
