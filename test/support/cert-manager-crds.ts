import { stringify } from "yaml";
import { kubectl, type ClusterInfo } from "./cluster.js";

/**
 * cert-manager's CRDs for the kinds lane7 renders (certificates, clusterissuers), registered in the test
 * API server, which runs no cert-manager. Minimal stand-ins: the real names, group, version, scope and
 * status subresource, with any content preserved; no cert-manager controller acts on them. Registering
 * them again changes nothing, so every test file that needs them may call this.
 */
const KINDS = [
  { kind: "Certificate", plural: "certificates", scope: "Namespaced" },
  { kind: "ClusterIssuer", plural: "clusterissuers", scope: "Cluster" },
] as const;

export const CERT_MANAGER_NAMESPACE = "cert-manager";

function definition({ kind, plural, scope }: (typeof KINDS)[number]) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.cert-manager.io` },
    spec: {
      group: "cert-manager.io",
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        },
      ],
    },
  };
}

/** Registers the CRDs (and cert-manager's namespace) and waits until the API server serves them. */
export async function registerCertManagerCrds(cluster: ClusterInfo): Promise<void> {
  const objects = [
    ...KINDS.map(definition),
    { apiVersion: "v1", kind: "Namespace", metadata: { name: CERT_MANAGER_NAMESPACE } },
  ];
  const input = objects.map((object) => stringify(object)).join("---\n");
  const applied = await kubectl(
    cluster,
    ["apply", "--server-side", "--field-manager=lane7-test", "-f", "-"],
    input,
  );
  if (applied.status !== 0) throw new Error(`registering cert-manager's CRDs: ${applied.stderr}`);
  const names = KINDS.map(({ plural }) => `crd/${plural}.cert-manager.io`);
  const established = await kubectl(cluster, [
    "wait",
    "--for=condition=Established",
    "--timeout=60s",
    ...names,
  ]);
  if (established.status !== 0) throw new Error(`cert-manager's CRDs not established: ${established.stderr}`);
}
