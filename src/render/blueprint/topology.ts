import type { BlueprintModel, PodModel, SecurityModel } from "../../model/model.js";
import type { Profile } from "../../spec/constants.js";
import type { BlueprintPod, PodAuthentication } from "./schema.js";

/** How a sidecar of each profile proves itself to its peers: the WoSP sidecar's own, or mutual TLS. */
const AUTHENTICATION: Record<Profile, PodAuthentication> = { wosp: "wosp", "open-mtls": "mtls" };

/**
 * A pod's place in the policy: who may reach it (the pods whose sidecars may send to it: its ingress
 * listener admits exactly these), whom it may reach (its sidecar has a cluster for exactly these), how
 * outsiders get in, and how the sidecars on either end of a route authenticate each other.
 */
export function posture(pod: PodModel, security: SecurityModel): BlueprintPod["posture"] {
  return {
    admits: [...pod.upstream],
    reaches: pod.downstream.map((route) => route.pod),
    boundary: pod.pinhole ? `tier-${pod.pinhole.tier}` : "none",
    authentication: AUTHENTICATION[security.profile],
  };
}

/** What an external caller does through a pod's pinhole: initiators take tasks, exits serve results. */
export interface PinholeEndpoint {
  method: "POST" | "GET";
  path: "/trigger" | "/output";
}

export function pinholeEndpoint(pod: PodModel): PinholeEndpoint {
  return pod.role === "initiator" ? { method: "POST", path: "/trigger" } : { method: "GET", path: "/output" };
}

/**
 * Where tasks finish, so where the trail log shows the whole path: the exits, and initiators that tasks
 * return to (a cycle such as the Bi-Pod relay has no exit).
 */
export function finishingPods(model: BlueprintModel): PodModel[] {
  return model.pods.filter((pod) => pod.isExit || (pod.role === "initiator" && pod.upstream.length > 0));
}

/** The pods in `model.deployOrder` (downstream first). */
export function podsInDeployOrder(model: BlueprintModel): PodModel[] {
  const byId = new Map(model.pods.map((pod) => [pod.id, pod]));
  return model.deployOrder.map((id) => {
    const pod = byId.get(id);
    if (!pod) throw new Error(`deployOrder names an unknown pod: ${id}`);
    return pod;
  });
}
