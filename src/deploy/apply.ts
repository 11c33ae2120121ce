import { clusterError, type ClusterTarget } from "../cluster/connect.js";
import { describeRef, type ObjectClient } from "../cluster/objects.js";
import { UserError } from "../exit-codes.js";
import type { Plan, PlanEntry } from "./plan.js";

/** What a deploy wrote, in the order it wrote it. */
export interface Applied {
  done: PlanEntry[];
}

/**
 * Carries out the plan: each created or changed object applied server-side in plan order, then each
 * deletion. A failure stops the deploy with a report of what was already done.
 */
export async function applyPlan(
  client: ObjectClient,
  target: ClusterTarget,
  plan: Plan,
  force: boolean,
  onStep: (entry: PlanEntry) => void,
): Promise<Applied> {
  const done: PlanEntry[] = [];
  for (const entry of plan.entries) {
    if (entry.action === "unchanged") continue;
    try {
      if (entry.action === "delete") await client.delete(entry.ref);
      else if (entry.object) await client.apply(entry.object, { dryRun: false, force });
    } catch (error) {
      const failure = clusterError(error, target, `${verb(entry)} ${describeRef(entry.ref)}`);
      throw new UserError(`${failure.message}\n${alreadyDone(done)}`);
    }
    done.push(entry);
    onStep(entry);
  }
  return { done };
}

function verb(entry: PlanEntry): string {
  return entry.action === "delete" ? "deleting" : entry.action === "create" ? "creating" : "changing";
}

function alreadyDone(done: readonly PlanEntry[]): string {
  if (done.length === 0) return "Nothing had been changed on the cluster yet.";
  return (
    `Already done before the failure (deploy again once it is fixed):\n` +
    done
      .map(
        (entry) =>
          `  ${entry.action === "delete" ? "deleted" : `${entry.action}d`} ${describeRef(entry.ref)}`,
      )
      .join("\n")
  );
}
