import type { BlueprintModel, OpenMtlsSecurity, PodModel } from "../../model/model.js";
import {
  certificateAuthorityNames,
  LABELS,
  workloadCertificateName,
  workloadTlsSecretName,
} from "../conventions.js";
import type { Certificate, ClusterIssuer, IssuerReference } from "./cert-manager-types.js";
import { MANAGED_BY, podLabels, podObjectMeta } from "./labels.js";
import type { ObjectMeta } from "./types.js";

/** The CA outlives the workload certificates it signs many times over; cert-manager renews it too. */
const CA_HOURS = 24 * 365;
const PRIVATE_KEY = { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" } as const;

/**
 * The network's certificate authority, bootstrapped by cert-manager alone (self-signed → CA): a
 * self-signed ClusterIssuer signs the CA Certificate, kept in cert-manager's cluster resource namespace,
 * whose Secret a second ClusterIssuer signs every workload certificate with. ClusterIssuers, because the
 * network's pods live in a namespace each and a namespaced Issuer serves its own namespace only.
 */
export function renderCertificateAuthority(
  model: BlueprintModel,
  security: OpenMtlsSecurity,
): [ClusterIssuer, Certificate, ClusterIssuer] {
  const names = certificateAuthorityNames(model);
  return [
    { ...clusterIssuer(model, names.selfSignedIssuer), spec: { selfSigned: {} } },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        ...networkObjectMeta(model, names.caCertificate),
        namespace: security.certManagerNamespace,
      },
      spec: {
        secretName: names.caSecret,
        secretTemplate: { labels: networkLabels(model) },
        commonName: `${model.name} lane7 network CA`,
        isCA: true,
        ...lifetime(CA_HOURS),
        privateKey: PRIVATE_KEY,
        usages: ["cert sign", "digital signature"],
        issuerRef: issuerReference(names.selfSignedIssuer),
      },
    },
    { ...clusterIssuer(model, names.caIssuer), spec: { ca: { secretName: names.caSecret } } },
  ];
}

/**
 * A pod's workload certificate: its identity as the URI SAN (what peers' sidecars admit or verify), its
 * Service host as the DNS name (what senders put in SNI), for both ends of mutual TLS. cert-manager
 * renews it a third of its lifetime before expiry, with a new key each time.
 */
export function renderWorkloadCertificate(
  model: BlueprintModel,
  security: OpenMtlsSecurity,
  pod: PodModel,
): Certificate {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: podObjectMeta(model, pod, workloadCertificateName(pod)),
    spec: {
      secretName: workloadTlsSecretName(pod),
      secretTemplate: { labels: podLabels(model, pod) },
      ...lifetime(security.certificateHours),
      privateKey: PRIVATE_KEY,
      usages: ["server auth", "client auth", "digital signature"],
      uris: [pod.identity],
      dnsNames: [pod.host],
      issuerRef: issuerReference(certificateAuthorityNames(model).caIssuer),
    },
  };
}

/** cert-manager durations: whole hours and minutes, renewal a third of the lifetime ahead of expiry. */
function lifetime(hours: number): { duration: string; renewBefore: string } {
  return { duration: `${hours}h`, renewBefore: `${hours * 20}m` };
}

function issuerReference(name: string): IssuerReference {
  return { group: "cert-manager.io", kind: "ClusterIssuer", name };
}

function clusterIssuer(model: BlueprintModel, name: string): Omit<ClusterIssuer, "spec"> {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: networkObjectMeta(model, name),
  };
}

function networkLabels(model: BlueprintModel): Record<string, string> {
  return { [LABELS.network]: model.name, [LABELS.managedBy]: MANAGED_BY };
}

function networkObjectMeta(model: BlueprintModel, name: string, namespace?: string): ObjectMeta {
  return { name, ...(namespace !== undefined && { namespace }), labels: networkLabels(model) };
}
