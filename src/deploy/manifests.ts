import { manifestObjects } from "../cluster/manifest-objects.js";
import type { KubeObject } from "../cluster/objects.js";
import { UserError } from "../exit-codes.js";
import { containsPlaceholder, PLACEHOLDER_PREFIX } from "../render/k8s/placeholders.js";
import { certificateAuthorityObjects, type TargetFiles } from "../cluster/load-target.js";
import { CERTIFICATE_AUTHORITY_FILE } from "../render/conventions.js";

/** One object of the bundle, with the pod it belongs to (none: the network's certificate authority). */
export interface BundleObject {
  pod: string | null;
  file: string;
  object: KubeObject;
}

/** A pod's manifests: `<pod>/01-namespace.yaml`, `02-secrets.yaml`, `03-deployment.yaml`, in name order. */
const MANIFEST = /^([^/]+)\/0[0-9]*-[^/]*\.yaml$/;
const SECRETS_FILE = "02-secrets.yaml";

/**
 * Apply order: the network's certificate authority (open-mtls), then namespaces, then secrets (and the
 * Certificates that fill them), then what the workload reads and how it is reached, then the workloads;
 * within each step, downstream pods first (blueprint.yaml's deployOrder).
 */
const STEPS: readonly (readonly string[])[] = [
  ["Namespace"],
  ["Secret", "Certificate"],
  ["ConfigMap", "Service", "NetworkPolicy"],
  ["Deployment"],
];

/** Every object of the bundle's manifests, in apply order. */
export function bundleObjects(bundle: TargetFiles): BundleObject[] {
  const authority = certificateAuthorityObjects(bundle).map((object) => ({
    pod: null,
    file: CERTIFICATE_AUTHORITY_FILE,
    object,
  }));
  const objects: BundleObject[] = [];
  const paths = [...bundle.files.keys()].sort();
  for (const pod of bundle.model.pods) {
    for (const path of paths.filter((candidate) => MANIFEST.exec(candidate)?.[1] === pod.id)) {
      for (const object of manifestObjects(bundle.files.get(path) ?? "", `${bundle.source}: ${path}`))
        objects.push({ pod: pod.id, file: path, object });
    }
  }
  return [...authority, ...inApplyOrder(objects, bundle.model.deployOrder)];
}

function inApplyOrder(objects: BundleObject[], deployOrder: readonly string[]): BundleObject[] {
  const step = (entry: BundleObject) => {
    const index = STEPS.findIndex((kinds) => kinds.includes(entry.object.kind));
    return index === -1 ? STEPS.length - 2 : index;
  };
  const rank = (entry: BundleObject) => deployOrder.indexOf(entry.pod ?? "");
  // Array.prototype.sort is stable: objects of one pod and step keep their order in the files.
  return [...objects].sort((a, b) => step(a) - step(b) || rank(a) - rank(b));
}

/**
 * As deploy.sh: the WoSP sidecars cannot start without real credentials, so a bundle whose 02-secrets.yaml
 * still holds a placeholder is refused before anything is sent. open-mtls has no credentials to fill in.
 */
export function refusePlaceholders(bundle: TargetFiles): void {
  const pending: string[] = [];
  for (const pod of bundle.model.deployOrder) {
    const path = `${pod}/${SECRETS_FILE}`;
    const text = bundle.files.get(path);
    if (text === undefined) {
      throw new UserError(`${bundle.source}: ${path} is missing; is this the bundle lane7 composed?`);
    }
    if (bundle.model.security.profile === "wosp" && containsPlaceholder(text)) pending.push(path);
  }
  if (pending.length === 0) return;
  const fix = bundle.composed
    ? `give them with --credentials FILE (license, apiToken, keys: {<pod id>: <key>}), or set HOPR_LICENSE, HOPR_API_TOKEN and HOPR_KEY_<POD_ID> (one per pod)`
    : `compose again with your Hopr credentials (lane7 compose NETWORK.yaml --credentials FILE, or HOPR_LICENSE, HOPR_API_TOKEN and HOPR_KEY_<POD_ID> set), or replace every placeholder value in the files above by hand`;
  throw new UserError(
    `nothing was deployed: these files still hold placeholder credentials (${PLACEHOLDER_PREFIX}):\n` +
      pending.map((path) => `  ${path}\n`).join("") +
      `Fill them in before deploying: ${fix}.`,
  );
}
