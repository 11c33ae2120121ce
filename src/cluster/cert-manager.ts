import type { KubeConfig } from "@kubernetes/client-node";
import type { BlueprintModel } from "../model/model.js";
import { certificateAuthorityNames, workloadCertificateName } from "../render/conventions.js";
import { CERT_MANAGER_CRDS } from "../render/k8s/cert-manager-install.js";
import { mapLimited } from "../task-pool.js";
import { PARALLEL_API_CALLS, statusCode } from "./apis.js";
import { describeRef, objectClient, type KubeObject, type ObjectClient } from "./objects.js";

/**
 * cert-manager's kinds lane7 renders (open-mtls), the Certificate first: deleted before the rest, it has
 * cert-manager issue no Secret again.
 */
export const CERT_MANAGER_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: "cert-manager.io/v1", kind: "Certificate" },
  { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer" },
];

/** cert-manager's CRDs that lane7's objects need and the cluster does not have (none: it is installed). */
export async function missingCertManagerCrds(client: ObjectClient): Promise<string[]> {
  const found = await Promise.all(
    CERT_MANAGER_CRDS.map((name) =>
      client.read({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name }),
    ),
  );
  return CERT_MANAGER_CRDS.filter((_name, index) => found[index] === null);
}

/**
 * Whether the account sees cert-manager's CRDs on the cluster: false when they are missing, or when it may
 * not look them up (a role made for the wosp profile alone need not; it cannot have deployed open-mtls,
 * which looks them up too).
 */
export async function seesCertManager(client: ObjectClient): Promise<boolean> {
  try {
    return (await missingCertManagerCrds(client)).length === 0;
  } catch (error) {
    if (statusCode(error) === 403) return false;
    throw error;
  }
}

/** A Certificate of the network (open-mtls), as `lane7 status` reports it. */
export interface CertificateStatus {
  /** `Certificate namespace/name`. */
  object: string;
  /** The pod whose workload certificate it is; null for the network's CA. */
  pod: string | null;
  /** Its Ready condition is True: cert-manager issued it and its Secret holds it. */
  ready: boolean;
  /** Why it is not ready (empty when it is). */
  detail: string;
}

export interface CertificatesReport {
  /** cert-manager's CRDs the cluster lacks (then there are no certificates to read). */
  missingCrds: string[];
  certificates: CertificateStatus[];
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** open-mtls: the CA's and every pod's Certificate, ready or why not; null in wosp. */
export async function readCertificates(
  config: KubeConfig,
  model: BlueprintModel,
): Promise<CertificatesReport | null> {
  if (model.security.profile === "wosp") return null;
  const client = await objectClient(config);
  const missingCrds = await missingCertManagerCrds(client);
  if (missingCrds.length > 0) return { missingCrds, certificates: [] };
  const certificate = (name: string, namespace: string) =>
    ({ apiVersion: "cert-manager.io/v1", kind: "Certificate", name, namespace }) as const;
  const wanted = [
    {
      pod: null,
      ref: certificate(certificateAuthorityNames(model).caCertificate, model.security.certManagerNamespace),
    },
    ...model.pods.map((pod) => ({
      pod: pod.id,
      ref: certificate(workloadCertificateName(pod), pod.namespace),
    })),
  ];
  const certificates = await mapLimited(wanted, PARALLEL_API_CALLS, async ({ pod, ref }) => {
    const live = await client.read(ref);
    return { object: describeRef(ref), pod, ...readiness(live) };
  });
  return { missingCrds, certificates };
}

function readiness(live: KubeObject | null): { ready: boolean; detail: string } {
  if (live === null) return { ready: false, detail: "not on the cluster" };
  const conditions = (live.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const ready = conditions.find((condition) => condition.type === "Ready");
  if (ready === undefined) {
    return { ready: false, detail: "no Ready condition yet: is cert-manager running?" };
  }
  if (ready.status === "True") return { ready: true, detail: "" };
  const why = [ready.reason, ready.message].filter((part) => part !== undefined && part !== "");
  return {
    ready: false,
    detail: why.length === 0 ? `Ready is ${ready.status ?? "unknown"}` : why.join(": "),
  };
}
