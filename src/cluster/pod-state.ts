import type { V1Deployment } from "@kubernetes/client-node";
import type { BlueprintModel, PodModel } from "../model/model.js";
import { mapLimited } from "../task-pool.js";
import { PARALLEL_API_CALLS, statusCode, type ClusterApis } from "./apis.js";
import type { PodState } from "./diagnosis.js";

/** What the cluster holds of every pod of `model`, in the model's order. */
export function readPodStates(apis: ClusterApis, model: BlueprintModel): Promise<PodState[]> {
  return mapLimited(model.pods, PARALLEL_API_CALLS, (pod) => readPodState(apis, pod));
}

async function readPodState(apis: ClusterApis, pod: PodModel): Promise<PodState> {
  const { namespace } = pod;
  const deployment = await apis.apps
    .readNamespacedDeployment({ name: pod.id, namespace })
    .catch((error: unknown) => {
      if (statusCode(error) === 404) return null;
      throw error;
    });
  if (deployment === null) return { id: pod.id, namespace, deployment, pods: [], events: [] };
  const [pods, events] = await Promise.all([
    apis.core.listNamespacedPod({ namespace, labelSelector: selectorOf(deployment) }),
    apis.core.listNamespacedEvent({ namespace }),
  ]);
  return { id: pod.id, namespace, deployment, pods: pods.items, events: events.items };
}

/** The live Deployment's own selector: the Pods it manages, whatever the bundle says. */
function selectorOf(deployment: V1Deployment): string {
  const labels = deployment.spec?.selector.matchLabels ?? {};
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}
