import type { V1Pod } from "@kubernetes/client-node";
import type { BlueprintModel } from "../model/model.js";
import { finishingPods } from "../render/blueprint/topology.js";
import { CONTAINERS } from "../render/conventions.js";
import { parseAppLine } from "../run/app-log.js";
import { mapLimited } from "../task-pool.js";
import { PARALLEL_API_CALLS, type ClusterApis } from "./apis.js";
import type { PodState } from "./diagnosis.js";

/** A task app.py logged as complete (`TASK <id> COMPLETE … trail=[…]`). */
export interface CompletedTask {
  task: string;
  /** The pods it passed through, from its initiator to where it finished. */
  trail: string[];
  partial: boolean;
}

/** What the log of one pod where tasks finish says. */
export interface FinishingPodTasks {
  pod: string;
  namespace: string;
  /** The last tasks completed there, oldest first. */
  tasks: CompletedTask[];
  /** Why its log could not be read (no running Pod, the API refused), when it could not. */
  unavailable?: string;
}

export interface TaskReport {
  /** Some task went end to end: from an initiator to a pod where tasks finish. */
  carrying: boolean;
  pods: FinishingPodTasks[];
}

/** How many log lines of each Pod are read, and how many completed tasks are kept per finishing pod. */
const TAIL_LINES = 2_000;
export const LAST_TASKS = 5;

/**
 * The last completed tasks, from the `web-app` log of every pod where tasks finish (exits, returning
 * initiators). A log that cannot be read is reported as such, with `explain`'s one line for the error.
 */
export async function readTasks(
  apis: ClusterApis,
  model: BlueprintModel,
  states: readonly PodState[],
  explain: (error: unknown, doing: string) => string,
): Promise<TaskReport> {
  const byId = new Map(states.map((state) => [state.id, state]));
  const pods = await mapLimited(
    finishingPods(model),
    PARALLEL_API_CALLS,
    async (pod): Promise<FinishingPodTasks> => {
      const running = (byId.get(pod.id)?.pods ?? []).filter((entry) => entry.status?.phase === "Running");
      const base = { pod: pod.id, namespace: pod.namespace };
      if (running.length === 0) return { ...base, tasks: [], unavailable: "no running Pod" };
      try {
        const logs = await Promise.all(running.map((entry) => appLog(apis, entry)));
        return { ...base, tasks: completedTasks(logs.join("\n")).slice(-LAST_TASKS) };
      } catch (error) {
        return { ...base, tasks: [], unavailable: explain(error, `reading the log of ${pod.id}`) };
      }
    },
  );
  return { carrying: pods.some((pod) => pod.tasks.length > 0), pods };
}

function appLog(apis: ClusterApis, pod: V1Pod): Promise<string> {
  return apis.core.readNamespacedPodLog({
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    container: CONTAINERS.app,
    tailLines: TAIL_LINES,
  });
}

/** The tasks an app.py log reports complete, in log order. */
export function completedTasks(log: string): CompletedTask[] {
  return log.split("\n").flatMap((line) => {
    const event = parseAppLine(line);
    return event?.kind === "completed"
      ? [{ task: event.task, trail: event.trail, partial: event.partial }]
      : [];
  });
}
