import { terminalSafe } from "../../control-characters.js";
import type { Style } from "../../io.js";
import type { Finding } from "../../validate/finding.js";
import type { FileResult } from "./validation-result.js";

/**
 * Compiler-style findings: `file:line:col: error[rule]: message`, the offending line with a caret under
 * the column, and the hint. Editors and terminals make the first line clickable.
 */
export function formatFindingsHuman(results: readonly FileResult[], style: Style): string {
  const blocks: string[] = [];
  for (const result of results) {
    if (result.error !== undefined) {
      blocks.push(
        `${style.bold(terminalSafe(result.file))}: ${style.red("error")}: ${terminalSafe(result.error)}\n`,
      );
      continue;
    }
    const lines = result.text?.split(/\r?\n/);
    for (const finding of result.findings) blocks.push(formatFinding(finding, lines, style));
  }
  return blocks.join("\n");
}

function formatFinding(finding: Finding, lines: string[] | undefined, style: Style): string {
  const severity = finding.severity === "error" ? style.red("error") : style.yellow("warning");
  const where = style.bold(`${terminalSafe(finding.file)}:${finding.line}:${finding.column}`);
  const out = [`${where}: ${severity}[${finding.rule}]: ${terminalSafe(finding.message, { oneLine: true })}`];
  const source = lines?.[finding.line - 1];
  if (source !== undefined && source.length <= 200) {
    const gutter = String(finding.line);
    const pad = " ".repeat(gutter.length);
    out.push(style.dim(`${pad} |`));
    out.push(`${style.dim(`${gutter} |`)} ${terminalSafe(source, { oneLine: true })}`);
    out.push(`${style.dim(`${pad} |`)} ${" ".repeat(Math.max(0, finding.column - 1))}${style.red("^")}`);
  }
  out.push(`  ${style.cyan("hint")}: ${terminalSafe(finding.hint, { oneLine: true })}`);
  return `${out.join("\n")}\n`;
}

export function formatSummary(
  counts: { files: number; errors: number; warnings: number; unreadable: number },
  style: Style,
): string {
  const files = `${counts.files} file${counts.files === 1 ? "" : "s"}`;
  if (counts.errors === 0 && counts.warnings === 0 && counts.unreadable === 0)
    return `${style.green("✓")} ${files} valid\n`;
  const parts = [
    counts.errors > 0 ? style.red(`${counts.errors} error${counts.errors === 1 ? "" : "s"}`) : "",
    counts.warnings > 0 ? style.yellow(`${counts.warnings} warning${counts.warnings === 1 ? "" : "s"}`) : "",
    counts.unreadable > 0 ? style.red(`${counts.unreadable} unreadable`) : "",
  ].filter(Boolean);
  return `${parts.join(", ")} in ${files}\n`;
}
