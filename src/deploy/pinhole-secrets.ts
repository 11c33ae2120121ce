import { clusterError, type Cluster } from "../cluster/connect.js";
import type { ObjectClient } from "../cluster/objects.js";
import { UserError } from "../exit-codes.js";
import { pinholeSecretNames } from "../render/conventions.js";
import type { TargetFiles } from "../cluster/load-target.js";

/**
 * As deploy.sh: Envoy does not start a pinhole listener without its certificate, so a deploy whose
 * boundary pods' TLS Secrets (made by pinhole-setup.sh) are not on the cluster is refused before any write.
 */
export async function refuseMissingPinholeSecrets(
  client: ObjectClient,
  cluster: Cluster,
  bundle: TargetFiles,
  kubeconfig: string | undefined,
): Promise<void> {
  const wanted = bundle.model.pods.flatMap((pod) =>
    pinholeSecretNames(pod).map((name) => ({ name, namespace: pod.namespace })),
  );
  const missing: string[] = [];
  for (const { name, namespace } of wanted) {
    const ref = { apiVersion: "v1", kind: "Secret", name, namespace };
    const found = await client.read(ref).catch((error: unknown) => {
      throw clusterError(error, cluster.target, `looking up the pinhole secret ${namespace}/${name}`);
    });
    if (found === null) missing.push(`${namespace}/${name}`);
  }
  if (missing.length === 0) return;
  const env = kubeconfig === undefined ? "" : `KUBECONFIG=${kubeconfig} `;
  const command = `${env}./pinhole-setup.sh --context ${cluster.target.context}`;
  const where = bundle.composed
    ? `in the bundle \`lane7 compose ${bundle.source}\` writes`
    : `in ${bundle.source}${bundle.source.endsWith(".zip") ? " (unzipped)" : ""}`;
  throw new UserError(
    `nothing was deployed: these pinhole TLS secrets do not exist yet:\n` +
      missing.map((entry) => `  ${entry}\n`).join("") +
      `Create them first, ${where}:\n  ${command}`,
  );
}
