import type { CoreV1Event, V1ContainerStatus, V1Deployment, V1Pod } from "@kubernetes/client-node";

/** What the cluster holds of one pod of the network: its Deployment, the Pods it made, its namespace's events. */
export interface PodState {
  /** The network's pod id, which names its Deployment. */
  id: string;
  namespace: string;
  /** Null when the Deployment (or its namespace) is not on the cluster. */
  deployment: V1Deployment | null;
  pods: V1Pod[];
  events: CoreV1Event[];
}

/** Why a pod of the network is not rolled out. */
export type ProblemKind =
  | "missing"
  | "admission"
  | "unschedulable"
  | "image-pull"
  | "crash-loop"
  | "waiting"
  | "not-ready"
  | "failed"
  | "progressing";

export interface Problem {
  kind: ProblemKind;
  /** The Kubernetes Pod concerned, when there is one. */
  pod?: string;
  message: string;
}

export function desiredReplicas(deployment: V1Deployment): number {
  return deployment.spec?.replicas ?? 1;
}

/**
 * As `kubectl rollout status`: the controller has seen the latest spec, and every desired replica is of it,
 * ready and available, with no old replica left.
 */
export function rolledOut(deployment: V1Deployment | null): boolean {
  if (deployment === null) return false;
  const { status } = deployment;
  const desired = desiredReplicas(deployment);
  return (
    (status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0) &&
    (status?.updatedReplicas ?? 0) >= desired &&
    (status?.readyReplicas ?? 0) >= desired &&
    (status?.availableReplicas ?? 0) >= desired &&
    (status?.replicas ?? 0) <= desired
  );
}

/** Why `state` is not rolled out: nothing when it is. */
export function diagnose(state: PodState): Problem[] {
  const { deployment } = state;
  if (deployment === null) {
    return [{ kind: "missing", message: `deployment ${state.id} is not on the cluster` }];
  }
  if (rolledOut(deployment)) return [];
  const live = state.pods.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
  const problems = live.flatMap((pod) => podProblems(pod, state.events));
  if (live.length < desiredReplicas(deployment)) problems.unshift(...admissionProblems(state.events));
  if (problems.length === 0) problems.push(progressProblem(deployment));
  return problems;
}

/** The controller could not make a Pod: the ReplicaSet's FailedCreate events say why (admission, quota). */
function admissionProblems(events: readonly CoreV1Event[]): Problem[] {
  const failed = events.filter(
    (event) => event.reason === "FailedCreate" && event.involvedObject.kind === "ReplicaSet",
  );
  const last = latest(failed);
  if (last === undefined) return [];
  return [{ kind: "admission", message: `no Pod could be created: ${last.message ?? "FailedCreate"}` }];
}

function podProblems(pod: V1Pod, events: readonly CoreV1Event[]): Problem[] {
  const name = pod.metadata?.name ?? "";
  if (isReady(pod)) return [];
  if (pod.status?.phase === "Failed") {
    return [
      {
        kind: "failed",
        pod: name,
        message: `failed: ${pod.status.reason ?? ""} ${pod.status.message ?? ""}`.trim(),
      },
    ];
  }
  if (pod.spec?.nodeName === undefined) return [unscheduled(pod, events)];
  const containers = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const waiting = containers.flatMap((container) => containerProblem(name, container, pod));
  if (waiting.length > 0) return waiting;
  const readyCondition = pod.status?.conditions?.find((condition) => condition.type === "Ready");
  const why = readyCondition?.message ?? `phase ${pod.status?.phase ?? "unknown"}`;
  return [{ kind: "not-ready", pod: name, message: `on node ${pod.spec.nodeName}, not ready: ${why}` }];
}

function isReady(pod: V1Pod): boolean {
  return (
    pod.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ===
    true
  );
}

/** A Pod on no node: a scheduler found none that fits (PodScheduled False), or no scheduler has looked at it. */
function unscheduled(pod: V1Pod, events: readonly CoreV1Event[]): Problem {
  const name = pod.metadata?.name ?? "";
  const condition = pod.status?.conditions?.find((entry) => entry.type === "PodScheduled");
  const event = latest(
    events.filter((entry) => entry.reason === "FailedScheduling" && entry.involvedObject.name === name),
  );
  const why = condition?.status === "False" ? (condition.message ?? event?.message) : event?.message;
  const phase = pod.status?.phase ?? "Pending";
  return {
    kind: "unschedulable",
    pod: name,
    message:
      why === undefined
        ? `${phase} on no node: no scheduler has placed it (is a scheduler running, and a node ready?)`
        : `${phase}, unschedulable: ${why}`,
  };
}

const IMAGE_PULL = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);

function containerProblem(pod: string, container: V1ContainerStatus, owner: V1Pod): Problem[] {
  const waiting = container.state?.waiting;
  if (
    waiting === undefined ||
    waiting.reason === "ContainerCreating" ||
    waiting.reason === "PodInitializing"
  ) {
    return [];
  }
  const reason = waiting.reason ?? "waiting";
  const detail = waiting.message === undefined ? "" : `: ${waiting.message}`;
  if (IMAGE_PULL.has(reason)) {
    const image =
      owner.spec?.containers.find((entry) => entry.name === container.name)?.image ?? container.image;
    return [
      {
        kind: "image-pull",
        pod,
        message: `container ${container.name} cannot pull ${image} (${reason})${detail}`,
      },
    ];
  }
  if (reason === "CrashLoopBackOff") {
    const exit = container.lastState?.terminated;
    const last =
      exit === undefined ? "" : `, last exit code ${exit.exitCode}${exit.reason ? ` (${exit.reason})` : ""}`;
    return [
      {
        kind: "crash-loop",
        pod,
        message: `container ${container.name} is crash-looping (${container.restartCount} restarts${last})`,
      },
    ];
  }
  return [{ kind: "waiting", pod, message: `container ${container.name} is waiting: ${reason}${detail}` }];
}

function progressProblem(deployment: V1Deployment): Problem {
  const stalled = deployment.status?.conditions?.find(
    (condition) => condition.type === "Progressing" && condition.status === "False",
  );
  if (stalled !== undefined)
    return { kind: "progressing", message: stalled.message ?? "the rollout is stalled" };
  const { status } = deployment;
  return {
    kind: "progressing",
    message: `rolling out: ${status?.updatedReplicas ?? 0} of ${desiredReplicas(deployment)} replicas updated, ${status?.readyReplicas ?? 0} ready`,
  };
}

/** When an event last happened: its series, its last occurrence, or its creation. */
export function eventTime(event: CoreV1Event): number {
  const time =
    event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return time === undefined ? 0 : new Date(time).getTime();
}

export function latest(events: readonly CoreV1Event[]): CoreV1Event | undefined {
  return events.reduce<CoreV1Event | undefined>(
    (last, event) => (last === undefined || eventTime(event) >= eventTime(last) ? event : last),
    undefined,
  );
}
