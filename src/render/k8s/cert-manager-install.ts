/**
 * open-mtls: what lane7 needs of cert-manager on the cluster, and how to install it. deploy.sh and
 * `lane7 deploy` refuse a cluster without these CRDs, with this hint.
 */
export const CERT_MANAGER_CRDS = ["certificates.cert-manager.io", "clusterissuers.cert-manager.io"] as const;

/** The cert-manager release lane7's open-mtls bundles are tested with. */
export const CERT_MANAGER_VERSION = "v1.21.2";

/**
 * How to install cert-manager so that its cluster resource namespace is `namespace` (where the network's
 * CA certificate is kept): its release manifest installs into `cert-manager` only, Helm anywhere.
 */
export function certManagerInstallHint(namespace: string): string[] {
  const helm =
    `helm install cert-manager jetstack/cert-manager --namespace ${namespace} --create-namespace ` +
    `--version ${CERT_MANAGER_VERSION} --set crds.enabled=true`;
  const manifest = `kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml`;
  return [
    `Install cert-manager first (lane7 is tested with ${CERT_MANAGER_VERSION}), then deploy again:`,
    ...(namespace === "cert-manager"
      ? [`  ${manifest}`, "or, with Helm (the jetstack chart repository):"]
      : []),
    `  ${helm}`,
  ];
}

/** The CA certificate lives in cert-manager's cluster resource namespace: it must be there. */
export function certManagerNamespaceMissing(namespace: string): string {
  return (
    `namespace ${namespace} (spec.security.certManagerNamespace) does not exist: the network's CA ` +
    `certificate is kept in cert-manager's cluster resource namespace; install cert-manager there, or set ` +
    `spec.security.certManagerNamespace to the namespace it runs in`
  );
}
