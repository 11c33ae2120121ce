import type { Style } from "../../io.js";
import type { DiffResult, Effect, FileChange, NetworkDiff, SecurityChange } from "../result.js";
import {
  appPartsText,
  edgeText,
  fieldChangeText,
  generatorNote,
  podChangeText,
  podText,
  securityFieldChanges,
  summaryText,
} from "./describe.js";
import { terminalSafeResult } from "./safe-result.js";
import { plural } from "../../plural.js";

const EFFECT_MARK: Record<Effect, string> = {
  loosens: "▲ loosens ",
  changes: "● changes ",
  tightens: "▼ tightens",
};

/** For a terminal: security posture first, then the network, then the files. */
export function formatDiffHuman(unsafe: DiffResult, style: Style): string {
  const result = terminalSafeResult(unsafe);
  const header = `lane7 diff ${result.old.source} → ${result.new.source}: ${summaryText(result)}`;
  const note = generatorNote(result);
  const lines = [style.bold(header), ...(note === undefined ? [] : [style.dim(`note: ${note}`)])];
  if (!result.different) return `${lines.join("\n")}\n`;
  lines.push("", ...securitySection(result.security, style), "", ...networkSection(result.network, style));
  const { pods } = result.businessLogic;
  if (pods.length > 0) {
    lines.push("", style.bold(`Business logic: changed in ${plural(pods.length, "pod")}`));
    lines.push(...pods.map((pod) => `  ${style.yellow("~")} ${pod} (Section 1 of ${pod}/app/app.py)`));
  }
  if (result.files.length > 0) lines.push("", ...filesSection(result.files, style));
  return `${lines.join("\n")}\n`;
}

function securitySection(changes: readonly SecurityChange[], style: Style): string[] {
  if (changes.length === 0) return [style.bold("Security posture: unchanged")];
  const colour: Record<Effect, (text: string) => string> = {
    loosens: (text) => style.red(text),
    changes: (text) => style.yellow(text),
    tightens: (text) => style.green(text),
  };
  return [
    style.bold(`Security posture: ${changes.length} change${changes.length === 1 ? "" : "s"}`),
    ...changes.map((change) => `  ${colour[change.effect](EFFECT_MARK[change.effect])}  ${change.summary}`),
  ];
}

function networkSection(network: NetworkDiff, style: Style): string[] {
  const lines = [
    ...(network.name ? [`  name: ${network.name.old} → ${network.name.new}`] : []),
    ...(network.title ? [`  title: ${network.title.old} → ${network.title.new}`] : []),
    ...(network.security
      ? securityFieldChanges(network.security).map(
          (field) => `  security ${field.field}: ${field.old} → ${field.new}`,
        )
      : []),
    ...(network.mode ? [`  mode: ${network.mode.old} → ${network.mode.new}`] : []),
    ...network.pods.added.map((pod) => style.green(`  + pod ${pod.id}: ${podText(pod)}`)),
    ...network.pods.removed.map((pod) => style.red(`  - pod ${pod.id}: ${podText(pod)}`)),
    ...network.pods.changed.map(
      ({ id, changes }) => `  ${style.yellow("~")} pod ${id}: ${changes.map(podChangeText).join("; ")}`,
    ),
    ...network.edges.added.map((edge) => style.green(`  + edge ${edgeText(edge)}`)),
    ...network.edges.removed.map((edge) => style.red(`  - edge ${edgeText(edge)}`)),
  ];
  return [style.bold(lines.length === 0 ? "Network: unchanged" : "Network"), ...lines];
}

function filesSection(files: readonly FileChange[], style: Style): string[] {
  return [style.bold("Files"), ...files.flatMap((file) => fileLines(file, style))];
}

function fileLines(file: FileChange, style: Style): string[] {
  if (file.change === "added") return [style.green(`  + ${file.path}`)];
  if (file.change === "removed") return [style.red(`  - ${file.path}`)];
  const mode = file.mode ? ` (mode ${file.mode.old} → ${file.mode.new})` : "";
  const parts = file.appParts ? ` (${appPartsText(file.appParts)})` : "";
  const lines = [`  ${style.yellow("~")} ${file.path}${parts}${mode}`];
  if (file.note !== undefined) lines.push(style.dim(`      ${file.note}`));
  for (const object of file.objects ?? []) {
    const mark = { added: style.green("+"), removed: style.red("-"), modified: style.yellow("~") }[
      object.change
    ];
    lines.push(
      `      ${mark} ${object.object}`,
      ...object.fields.map((field) => `          ${fieldChangeText(field)}`),
    );
  }
  if (file.text) {
    lines.push(
      ...file.text.unified
        .trimEnd()
        .split("\n")
        .map((line) => `      ${diffLine(line, style)}`),
    );
    if (file.text.truncated !== null) lines.push(style.dim(`      (${file.text.truncated})`));
  }
  return lines;
}

function diffLine(line: string, style: Style): string {
  if (line.startsWith("+++") || line.startsWith("---")) return style.bold(line);
  if (line.startsWith("@@")) return style.cyan(line);
  if (line.startsWith("+")) return style.green(line);
  if (line.startsWith("-")) return style.red(line);
  return line;
}
