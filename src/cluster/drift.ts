import type { V1Container, V1Deployment } from "@kubernetes/client-node";
import { ENVOY_CONFIG_HASH_ANNOTATION } from "../render/k8s/deployment.js";
import { mapLimited } from "../task-pool.js";
import { PARALLEL_API_CALLS, statusCode, type ClusterApis } from "./apis.js";
import type { PodState } from "./diagnosis.js";
import type { ManifestObject } from "./load-target.js";

/**
 * Where the cluster is not what the bundle says. Deliberately narrow: an object of the bundle that is not on
 * the cluster, and a Deployment whose sidecar configuration (the Envoy config hash of its pod template) or
 * container images differ from the bundle's. Other live changes are not looked for.
 */
export interface Drift {
  kind: "missing" | "changed";
  /** `Kind namespace/name`. */
  object: string;
  detail: string;
}

export async function findDrift(
  apis: ClusterApis,
  objects: readonly ManifestObject[],
  states: readonly PodState[],
): Promise<Drift[]> {
  const live = new Map(
    states.flatMap((state) =>
      state.deployment === null ? [] : [[key(state.namespace, state.id), state.deployment]],
    ),
  );
  const found = await mapLimited(objects, PARALLEL_API_CALLS, async (object): Promise<Drift[]> => {
    if (object.kind === "Deployment") {
      const deployment = live.get(key(object.metadata.namespace ?? "", object.metadata.name));
      return deployment === undefined ? [missing(object)] : deploymentDrift(object, deployment);
    }
    return (await exists(apis, object)) ? [] : [missing(object)];
  });
  return found.flat();
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function label(object: ManifestObject): string {
  const { name, namespace } = object.metadata;
  return `${object.kind} ${namespace === undefined ? name : key(namespace, name)}`;
}

function missing(object: ManifestObject): Drift {
  return { kind: "missing", object: label(object), detail: "in the bundle, not on the cluster" };
}

async function exists(apis: ClusterApis, object: ManifestObject): Promise<boolean> {
  const { apiVersion, kind } = object;
  const { name, namespace } = object.metadata;
  try {
    await apis.objects.read({ apiVersion, kind, metadata: { name, namespace } });
    return true;
  } catch (error) {
    if (statusCode(error) === 404) return false;
    throw error;
  }
}

interface BundleDeployment {
  spec?: {
    template?: { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: V1Container[] } };
  };
}

function deploymentDrift(object: ManifestObject, deployment: V1Deployment): Drift[] {
  const bundle = (object as BundleDeployment).spec?.template;
  const cluster = deployment.spec?.template;
  const changed = (detail: string): Drift => ({ kind: "changed", object: label(object), detail });
  const drift: Drift[] = [];
  const hash = (annotations?: Record<string, string>) =>
    annotations?.[ENVOY_CONFIG_HASH_ANNOTATION] ?? "(none)";
  if (hash(bundle?.metadata?.annotations) !== hash(cluster?.metadata?.annotations)) {
    drift.push(
      changed("the sidecar's Envoy configuration differs from the bundle's (its config hash annotation)"),
    );
  }
  const images = new Map(
    (cluster?.spec?.containers ?? []).map((container) => [container.name, container.image]),
  );
  for (const container of bundle?.spec?.containers ?? []) {
    const image = images.get(container.name);
    if (image !== container.image) {
      drift.push(
        changed(
          `container ${container.name} runs ${image ?? "nothing"}, the bundle says ${container.image ?? ""}`,
        ),
      );
    }
  }
  return drift;
}
