import { terminalSafe } from "../control-characters.js";
import { describeRef } from "../cluster/objects.js";
import type { Style } from "../io.js";
import { plural } from "../plural.js";
import type { Conflict, Plan, PlanEntry } from "./plan.js";

/** Shown first: what decides who may talk to whom, and with which credentials or certificates. */
const SECURITY_KINDS = ["ClusterIssuer", "Certificate", "Secret", "NetworkPolicy", "ConfigMap"];

export function hasChanges(plan: Plan): boolean {
  return plan.entries.some((entry) => entry.action !== "unchanged");
}

/** One line per object that would change, security-relevant first, then the counts. */
export function formatPlan(plan: Plan, network: string, style: Style): string {
  const changing = plan.entries.filter((entry) => entry.action !== "unchanged");
  const rank = (entry: PlanEntry) => {
    const index = SECURITY_KINDS.indexOf(entry.ref.kind);
    return index === -1 ? SECURITY_KINDS.length : index;
  };
  const lines = [...changing].sort((a, b) => rank(a) - rank(b)).map((entry) => planLine(entry, style));
  const count = (action: PlanEntry["action"]) =>
    plan.entries.filter((entry) => entry.action === action).length;
  const summary =
    `${count("create")} to create, ${count("change")} to change, ${count("delete")} to delete, ` +
    `${count("unchanged")} unchanged`;
  const head = changing.length === 0 ? `network ${network}: nothing to change` : `network ${network}:`;
  return [head, ...lines, summary].map((line) => `${terminalSafe(line, { oneLine: true })}\n`).join("");
}

function planLine(entry: PlanEntry, style: Style): string {
  const name = describeRef(entry.ref);
  switch (entry.action) {
    case "create":
      return `  ${style.green("create")}  ${name}${entry.checked ? "" : " (the server checks it once its namespace exists)"}`;
    case "delete":
      return `  ${style.red("delete")}  ${name}`;
    default:
      return `  ${style.yellow("change")}  ${name}${changeDetail(entry)}`;
  }
}

function changeDetail(entry: PlanEntry): string {
  if (entry.ref.kind === "Secret") return " (values not shown)";
  return entry.changed.length === 0 ? "" : `: ${entry.changed.join(", ")}`;
}

export function formatConflicts(conflicts: readonly Conflict[]): string {
  const lines = conflicts.map(
    (conflict) => `  ${describeRef(conflict.ref)}: ${conflict.field} is managed by ${conflict.manager}`,
  );
  return (
    `nothing was deployed: ${plural(conflicts.length, "field")} of the bundle ${conflicts.length === 1 ? "is" : "are"} set to another value by another field manager:\n` +
    `${lines.join("\n")}\n` +
    `Deploy with --force-conflicts to take them over (lane7 then manages them).`
  );
}
