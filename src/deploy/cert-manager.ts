import { missingCertManagerCrds } from "../cluster/cert-manager.js";
import { clusterError, type ClusterTarget } from "../cluster/connect.js";
import type { ObjectClient } from "../cluster/objects.js";
import { UserError } from "../exit-codes.js";
import type { BlueprintModel } from "../model/model.js";
import { certManagerInstallHint, certManagerNamespaceMissing } from "../render/k8s/cert-manager-install.js";

/**
 * As deploy.sh: in the open-mtls profile, a cluster without cert-manager's CRDs cannot take the bundle's
 * Certificates and ClusterIssuers, nor issue any pod's certificate, and one without its namespace cannot
 * keep the CA; either is refused before any write, saying how to install cert-manager.
 */
export async function refuseMissingCertManager(
  client: ObjectClient,
  target: ClusterTarget,
  model: BlueprintModel,
): Promise<void> {
  if (model.security.profile === "wosp") return;
  const namespace = model.security.certManagerNamespace;
  const missing = await missingCertManagerCrds(client).catch((error: unknown) => {
    throw clusterError(error, target, "looking up cert-manager's custom resource definitions");
  });
  if (missing.length > 0) {
    throw new UserError(
      [
        `nothing was deployed: cert-manager is not installed on this cluster (no CRD ${missing.join(", ")}): ` +
          `it issues the certificate of every pod.`,
        ...certManagerInstallHint(namespace),
      ].join("\n"),
    );
  }
  const found = await client
    .read({ apiVersion: "v1", kind: "Namespace", name: namespace })
    .catch((error: unknown) => {
      throw clusterError(error, target, `looking up namespace ${namespace}`);
    });
  if (found === null) throw new UserError(`nothing was deployed: ${certManagerNamespaceMissing(namespace)}`);
}
