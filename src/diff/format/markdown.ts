import type { DiffResult, Effect, FileChange, NetworkDiff, ObjectChange, SecurityChange } from "../result.js";
import {
  appPartsText,
  businessLogicText,
  formatValue,
  generatorNote,
  podChangeText,
  securityFieldChanges,
  summaryText,
} from "./describe.js";
import { terminalSafeResult } from "./safe-result.js";

/** A file's details longer than this many lines are folded into a <details> block. */
const FOLD_LINES = 15;
const EFFECT_LABEL: Record<Effect, string> = {
  loosens: "🔓 loosens",
  changes: "🔁 changes",
  tightens: "🔒 tightens",
};

/** GitHub-flavoured Markdown for a pull-request comment: security posture first, file details folded. */
export function formatDiffMarkdown(unsafe: DiffResult): string {
  const result = terminalSafeResult(unsafe);
  const note = generatorNote(result);
  const blocks = [
    `### lane7 diff: ${code(result.new.network)}`,
    `${code(result.old.source)} → ${code(result.new.source)}: ${summaryText(result)}`,
    ...(note === undefined ? [] : [`> [!NOTE]\n> ${escapeText(note)}`]),
  ];
  if (result.different) {
    blocks.push(securitySection(result.security), networkSection(result.network));
    if (result.businessLogic.pods.length > 0) blocks.push(businessLogicSection(result.businessLogic.pods));
    if (result.files.length > 0) blocks.push(filesSection(result.files));
  }
  return `${blocks.join("\n\n")}\n`;
}

function securitySection(changes: readonly SecurityChange[]): string {
  if (changes.length === 0) return "#### Security posture\n\nNo security posture change.";
  const rows = changes.map((change) => `| ${EFFECT_LABEL[change.effect]} | ${escapeText(change.summary)} |`);
  return ["#### Security posture", "", "| Effect | Change |", "|---|---|", ...rows].join("\n");
}

function networkSection(network: NetworkDiff): string {
  const facts = [
    ...(network.name ? [`- Name: ${code(network.name.old)} → ${code(network.name.new)}`] : []),
    ...(network.title ? [`- Title: ${code(network.title.old)} → ${code(network.title.new)}`] : []),
    ...(network.security
      ? securityFieldChanges(network.security).map(
          (field) => `- Security ${field.field}: ${code(field.old)} → ${code(field.new)}`,
        )
      : []),
    ...(network.mode ? [`- Mode: ${code(network.mode.old)} → ${code(network.mode.new)}`] : []),
  ];
  const pods = [
    ...network.pods.added.map((pod) => ({ mark: "➕ added", pod })),
    ...network.pods.removed.map((pod) => ({ mark: "➖ removed", pod })),
  ].map(({ mark, pod }) => {
    const pinhole = pod.pinhole === null ? "—" : `Tier ${pod.pinhole.tier} (${pod.pinhole.port})`;
    const columns = [mark, code(pod.id), pod.role, pod.protocol.toUpperCase(), pinhole, code(pod.namespace)];
    return `| ${columns.map(cell).join(" | ")} |`;
  });
  const changed = network.pods.changed.map(
    ({ id, changes }) =>
      `- ✏️ ${code(id)}: ${changes.map((change) => escapeText(podChangeText(change))).join("; ")}`,
  );
  const edges = [
    ...network.edges.added.map(
      (edge) => `- ➕ ${code(edge.from)} → ${code(edge.to)} (${edge.protocol.toUpperCase()})`,
    ),
    ...network.edges.removed.map(
      (edge) => `- ➖ ${code(edge.from)} → ${code(edge.to)} (${edge.protocol.toUpperCase()})`,
    ),
  ];
  const blocks = [
    "#### Network",
    ...(facts.length > 0 ? [facts.join("\n")] : []),
    ...(pods.length > 0
      ? [
          ["| | Pod ID | Role | Protocol | Pinhole | Namespace |", "|---|---|---|---|---|---|", ...pods].join(
            "\n",
          ),
        ]
      : []),
    ...(changed.length > 0 ? [`Changed pods:\n\n${changed.join("\n")}`] : []),
    ...(edges.length > 0 ? [`Edges:\n\n${edges.join("\n")}`] : []),
  ];
  return blocks.length === 1 ? "#### Network\n\nNo network change." : blocks.join("\n\n");
}

function businessLogicSection(pods: readonly string[]): string {
  const text = businessLogicText(pods.length);
  return [
    "#### Business logic",
    `${text.charAt(0).toUpperCase()}${text.slice(1)} (Section 1 of their app.py):`,
    pods.map((pod) => `- ✏️ ${code(pod)}`).join("\n"),
  ].join("\n\n");
}

function filesSection(files: readonly FileChange[]): string {
  const listed = files
    .filter((file) => file.change !== "modified")
    .map((file) => `- ${file.change === "added" ? "➕" : "➖"} ${code(file.path)}`);
  const modified = files.filter((file) => file.change === "modified").map(modifiedFile);
  return ["#### Files", ...(listed.length > 0 ? [listed.join("\n")] : []), ...modified].join("\n\n");
}

function modifiedFile(file: FileChange): string {
  const mode = file.mode ? `, mode ${file.mode.old} → ${file.mode.new}` : "";
  const objects = file.objects
    ? ` (${file.objects.length} object${file.objects.length === 1 ? "" : "s"})`
    : "";
  const lines = file.text ? ` (+${file.text.added} −${file.text.removed})` : "";
  const parts = file.appParts ? ` (${appPartsText(file.appParts)})` : "";
  const title = `✏️ ${file.path}${parts}${objects}${lines}${mode}`;
  const body = [
    ...(file.note === undefined ? [] : [`_${escapeText(file.note)}_`]),
    ...(file.objects ?? []).map(objectList),
    ...(file.text ? [fence(file.text.unified, "diff")] : []),
    ...(file.text?.truncated ? [`_${escapeText(file.text.truncated)}_`] : []),
  ].join("\n\n");
  if (body.split("\n").length <= FOLD_LINES) return `**${escapeText(title)}**\n\n${body}`;
  return `<details><summary>${escapeHtml(title)}</summary>\n\n${body}\n\n</details>`;
}

function objectList(object: ObjectChange): string {
  const head = `- ${object.change === "added" ? "➕" : object.change === "removed" ? "➖" : "✏️"} ${code(object.object)}`;
  const fields = object.fields.map((field) => {
    const at = code(field.path);
    if (field.change === "added") return `  - ${at}: added ${code(formatValue(field.new))}`;
    if (field.change === "removed") return `  - ${at}: removed (was ${code(formatValue(field.old))})`;
    return `  - ${at}: ${code(formatValue(field.old))} → ${code(formatValue(field.new))}`;
  });
  return [head, ...fields].join("\n");
}

/** An inline code span that holds any text: a fence longer than any backtick run inside. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text.replace(/\n/g, " ")}${pad}${ticks}`;
}

function fence(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/^`+/gm) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${language}\n${text.endsWith("\n") ? text : `${text}\n`}${ticks}`;
}

/** A table cell: a `|` would end it, even inside a code span. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function escapeText(text: string): string {
  return escapeHtml(text).replace(/([\\`*_[\]|])/g, "\\$1");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
