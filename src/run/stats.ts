import type { BlueprintModel, PodModel } from "../model/model.js";
import type { AppEvent } from "./app-log.js";

/** Where tasks finish: the exits, and initiators that tasks return to (a cycle such as the Bi-Pod relay). */
export function isFinishing(pod: PodModel): boolean {
  return pod.isExit || (pod.role === "initiator" && pod.upstream.length > 0);
}

/**
 * What a run has seen so far. Every pod forwards a task to all of its downstream pods, so a task is
 * complete once it has completed at every finishing pod reachable from the initiator that started it.
 */
export class RunStats {
  started = 0;
  completed = 0;
  partialAggregations = 0;
  retries = 0;
  failedDeliveries = 0;
  /** Sidecar-to-sidecar sessions opened (each with fresh keys). */
  sessions = 0;
  /** Security events: connections and records the sidecars refused. */
  rejectedConnections = 0;
  /** Completions at each finishing pod, in declaration order. */
  readonly completedAt = new Map<string, { count: number; partial: number }>();
  private readonly expected: Map<string, Set<string>>;
  /** Finishing pods each task has completed at, until it is complete. */
  private readonly progress = new Map<string, Set<string>>();
  private readonly counted = new Set<string>();
  /** Tasks started and not yet complete, with the initiator that started each. */
  private readonly open = new Map<string, string>();
  /** The pods each pod's tasks pass through (itself included), for the tasks a stuck pod holds up. */
  private readonly passesThrough: Map<string, Set<string>>;
  /** Pods not responding now: the tasks a new task that reaches one of them joins. */
  private readonly stuck = new Set<string>();
  private readonly held = new Map<string, Set<string>>();

  constructor(model: BlueprintModel) {
    for (const pod of model.pods)
      if (isFinishing(pod)) this.completedAt.set(pod.id, { count: 0, partial: 0 });
    this.passesThrough = new Map(model.pods.map((pod) => [pod.id, reachableFrom(model, pod).add(pod.id)]));
    this.expected = new Map(
      model.pods.map((pod) => [pod.id, new Set(finishing(model, reachableFrom(model, pod)))]),
    );
  }

  /**
   * `pod` stopped answering: every task it holds up counts as lost unless it completes after all. Those
   * are the tasks started, not yet complete, that pass through it (or began there), and those started
   * while it does not answer that would pass through it.
   */
  notResponding(pod: string): void {
    this.stuck.add(pod);
    const held = this.held.get(pod) ?? new Set<string>();
    for (const [task, initiator] of this.open)
      if (this.passesThrough.get(initiator)?.has(pod)) held.add(task);
    this.held.set(pod, held);
  }

  /** `pod` answers again: tasks started from now on are not held up by it. */
  responding(pod: string): void {
    this.stuck.delete(pod);
  }

  /** The tasks `pod` held up while it did not answer that never completed. */
  lostAt(pod: string): number {
    return [...(this.held.get(pod) ?? [])].filter((task) => !this.counted.has(task)).length;
  }

  observe(pod: string, event: AppEvent): void {
    switch (event.kind) {
      case "started":
        this.start(pod, event.task);
        return;
      case "partial":
        this.partialAggregations += 1;
        return;
      case "retry":
        this.retries += 1;
        return;
      case "failed":
        this.failedDeliveries += 1;
        return;
      case "completed":
        this.complete(pod, event.task, event.trail[0] ?? pod, event.partial);
    }
  }

  private start(initiator: string, task: string): void {
    this.started += 1;
    this.open.set(task, initiator);
    for (const pod of this.stuck)
      if (this.passesThrough.get(initiator)?.has(pod)) this.held.get(pod)?.add(task);
  }

  private complete(pod: string, task: string, initiator: string, partial: boolean): void {
    const here = this.completedAt.get(pod);
    if (here) {
      here.count += 1;
      if (partial) here.partial += 1;
    }
    if (this.counted.has(task)) return;
    const done = this.progress.get(task) ?? new Set<string>();
    done.add(pod);
    this.progress.set(task, done);
    const expected = this.expected.get(initiator) ?? new Set([pod]);
    if ([...expected].every((id) => done.has(id))) {
      this.counted.add(task);
      this.progress.delete(task);
      this.open.delete(task);
      this.completed += 1;
    }
  }
}

/** The pods a task started at `start` reaches (`start` itself only when the task comes back). */
function reachableFrom(model: BlueprintModel, start: PodModel): Set<string> {
  const byId = new Map(model.pods.map((pod) => [pod.id, pod]));
  const seen = new Set<string>();
  const queue = start.downstream.map((route) => route.pod);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(byId.get(id)?.downstream.map((route) => route.pod) ?? []));
  }
  return seen;
}

function finishing(model: BlueprintModel, pods: Set<string>): string[] {
  return model.pods.filter((pod) => pods.has(pod.id) && isFinishing(pod)).map((pod) => pod.id);
}
