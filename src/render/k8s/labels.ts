import type { BlueprintModel, PodModel } from "../../model/model.js";
import { LABELS } from "../conventions.js";
import type { ObjectMeta } from "./types.js";

/** Written on every object lane7 renders for `kubectl get -l` and for teardown audits. */
export const MANAGED_BY = "lane7";

/** The label selector of the objects lane7 made for `network`. */
export function networkSelector(network: string): string {
  return `${LABELS.network}=${network},${LABELS.managedBy}=${MANAGED_BY}`;
}

/**
 * The labels that select a pod's workload: Services, the NetworkPolicy and the Deployment selector use
 * exactly these. The role stays out: a selector is immutable, and a role change must not need a re-create.
 */
export function selectorLabels(network: string, podId: string): Record<string, string> {
  return { [LABELS.network]: network, [LABELS.pod]: podId };
}

export function podLabels(model: BlueprintModel, pod: PodModel): Record<string, string> {
  return { ...selectorLabels(model.name, pod.id), [LABELS.role]: pod.role, [LABELS.managedBy]: MANAGED_BY };
}

/** Metadata of a namespaced object of the pod. */
export function podObjectMeta(model: BlueprintModel, pod: PodModel, name: string): ObjectMeta {
  return { name, namespace: pod.namespace, labels: podLabels(model, pod) };
}
