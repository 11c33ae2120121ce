import type { ObjectMeta } from "./types.js";

/**
 * The cert-manager.io/v1 objects lane7 renders, typed with the fields it sets (cert-manager's CRDs, v1:
 * Issuer/ClusterIssuer and Certificate). Client-node has no models for custom resources.
 */
export interface ClusterIssuer {
  apiVersion: "cert-manager.io/v1";
  kind: "ClusterIssuer";
  metadata: ObjectMeta;
  spec: { selfSigned: Record<string, never> } | { ca: { secretName: string } };
}

export interface IssuerReference {
  group: "cert-manager.io";
  kind: "ClusterIssuer";
  name: string;
}

export interface Certificate {
  apiVersion: "cert-manager.io/v1";
  kind: "Certificate";
  metadata: ObjectMeta;
  spec: {
    secretName: string;
    secretTemplate?: { labels: Record<string, string> };
    commonName?: string;
    isCA?: boolean;
    duration: string;
    renewBefore: string;
    privateKey: { algorithm: "ECDSA"; size: 256; rotationPolicy: "Always" };
    usages?: ("server auth" | "client auth" | "digital signature" | "key encipherment" | "cert sign")[];
    uris?: string[];
    dnsNames?: string[];
    issuerRef: IssuerReference;
  };
}

export type CertManagerObject = ClusterIssuer | Certificate;
