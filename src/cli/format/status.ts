import { safeJson, terminalSafe } from "../../control-characters.js";
import type { Style } from "../../io.js";
import type { NetworkStatus } from "../../cluster/status.js";
import type { PodSummary } from "../../cluster/pod-summary.js";
import { problemLine, replicas } from "../../cluster/rollout.js";
import { plural } from "../../plural.js";

const safe = (text: string): string => terminalSafe(text, { oneLine: true });

/** `lane7 status` for a person: the pods, then whether tasks go end to end, then drift, then the verdict. */
export function formatStatusHuman(status: NetworkStatus, style: Style): string {
  const { target } = status;
  const lines = [
    `${style.bold(`network ${status.network}`)} on context ${safe(target.context)} (${safe(target.server)}, user ${safe(target.user)})`,
    "",
    ...podTable(status.pods, style),
    "",
    ...certificateLines(status, style),
    ...taskLines(status, style),
    "",
    ...driftLines(status, style),
    "",
    verdict(status, style),
  ];
  return `${lines.join("\n")}\n`;
}

function podTable(pods: readonly PodSummary[], style: Style): string[] {
  const rows = [
    ["pod", "namespace", "ready", "restarts"],
    ...pods.map((pod) => [pod.pod, pod.namespace, replicas(pod), String(pod.restarts)]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const lines = [style.dim(line(rows[0] ?? []))];
  pods.forEach((pod, index) => {
    const text = line(rows[index + 1] ?? []);
    lines.push(pod.ready ? text : style.yellow(text));
    for (const problem of pod.problems) lines.push(`    ${problemLine(problem)}`);
    const warning = pod.lastWarning;
    if (warning !== null) {
      const count = warning.count > 1 ? ` (${warning.count} times)` : "";
      lines.push(
        `    last warning: ${safe(`${warning.object} ${warning.reason}: ${warning.message}`)}${count}`,
      );
    }
  });
  return lines;
}

/** open-mtls: whether cert-manager issued each Certificate, and why not; nothing in wosp. */
function certificateLines(status: NetworkStatus, style: Style): string[] {
  const report = status.certificates;
  if (report === null) return [];
  if (report.missingCrds.length > 0) {
    return [
      `certificates: ${style.red("cert-manager is not installed")} (no CRD ${report.missingCrds.join(", ")})`,
      "",
    ];
  }
  const ready = report.certificates.filter((certificate) => certificate.ready).length;
  const count = `${ready} of ${plural(report.certificates.length, "certificate")} ready`;
  const lines = [
    `certificates (cert-manager): ${ready === report.certificates.length ? style.green(count) : style.yellow(count)}`,
  ];
  for (const certificate of report.certificates.filter((entry) => !entry.ready)) {
    const whose = certificate.pod === null ? "the network's CA" : `pod ${certificate.pod}`;
    lines.push(`  ${safe(certificate.object)} (${whose}): not ready: ${safe(certificate.detail)}`);
  }
  return [...lines, ""];
}

function taskLines(status: NetworkStatus, style: Style): string[] {
  const { carrying, pods } = status.tasks;
  const lines = [`tasks end to end: ${carrying ? style.green("yes") : style.red("no")}`];
  for (const pod of pods) {
    if (pod.unavailable !== undefined) {
      lines.push(`  ${pod.pod}: ${safe(pod.unavailable)}`);
      continue;
    }
    lines.push(
      `  ${pod.pod}: ${pod.tasks.length === 0 ? "no completed task in its log" : `last ${plural(pod.tasks.length, "task")}`}`,
    );
    for (const task of pod.tasks) {
      lines.push(
        `    ${safe(task.task)}${task.partial ? " (partial)" : ""}: ${safe(task.trail.join(" → "))}`,
      );
    }
  }
  return lines;
}

function driftLines(status: NetworkStatus, style: Style): string[] {
  if (status.drift.length === 0) return ["drift from the bundle: none found"];
  return [
    `drift from the bundle: ${style.yellow(plural(status.drift.length, "difference"))}`,
    ...status.drift.map((drift) => `  ${drift.kind} ${safe(drift.object)}: ${safe(drift.detail)}`),
  ];
}

function verdict(status: NetworkStatus, style: Style): string {
  const waiting = status.pods.filter((pod) => !pod.ready).length;
  return waiting === 0
    ? style.green(`ready: ${plural(status.pods.length, "pod")}`)
    : style.red(`not ready: ${waiting} of ${plural(status.pods.length, "pod")}`);
}

/** The JSON of `lane7 status --format json`; fields are only ever added (else formatVersion changes). */
export function formatStatusJson(status: NetworkStatus): string {
  return `${safeJson({ formatVersion: 1, ...status })}\n`;
}
