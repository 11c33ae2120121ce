import { desiredReplicas, diagnose, latest, rolledOut, type PodState, type Problem } from "./diagnosis.js";

/** One pod of the network on the cluster, as status and the rollout wait report it. */
export interface PodSummary {
  /** The network's pod id (its Deployment's name). */
  pod: string;
  namespace: string;
  ready: boolean;
  readyReplicas: number;
  desiredReplicas: number;
  /** Container restarts, summed over the pod's Pods. */
  restarts: number;
  /** The last Warning event of the pod's namespace. */
  lastWarning: LastWarning | null;
  /** Why it is not ready (empty when it is). */
  problems: Problem[];
}

export interface LastWarning {
  /** `Kind/name` of the object the event is about. */
  object: string;
  reason: string;
  message: string;
  count: number;
}

export function summarize(state: PodState): PodSummary {
  const { deployment } = state;
  const warning = latest(state.events.filter((event) => event.type === "Warning"));
  return {
    pod: state.id,
    namespace: state.namespace,
    ready: rolledOut(deployment),
    readyReplicas: deployment?.status?.readyReplicas ?? 0,
    desiredReplicas: deployment === null ? 0 : desiredReplicas(deployment),
    restarts: state.pods.reduce(
      (sum, pod) =>
        sum + (pod.status?.containerStatuses ?? []).reduce((count, status) => count + status.restartCount, 0),
      0,
    ),
    lastWarning:
      warning === undefined
        ? null
        : {
            object: `${warning.involvedObject.kind ?? ""}/${warning.involvedObject.name ?? ""}`,
            reason: warning.reason ?? "",
            message: warning.message ?? "",
            count: warning.count ?? 1,
          },
    problems: diagnose(state),
  };
}
