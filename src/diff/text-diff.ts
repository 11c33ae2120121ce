import { structuredPatch, type StructuredPatchHunk } from "diff";
import type { TextDiff } from "./result.js";

const CONTEXT = 3;
/** Beyond this much alignment work (lines × edit distance) the changed middle is shown as replaced whole. */
const MAX_WORK = 20_000_000;
/** Lines of unified diff kept per file; the rest is summarised in `truncated`. */
const MAX_OUTPUT_LINES = 1000;
const NO_EOL = "\\ No newline at end of file";

/**
 * A unified diff of two texts, aligned by jsdiff (Myers' algorithm). When that would cost too much, the
 * changed middle is shown removed and re-added whole (still a correct diff, just not the shortest). The
 * cost is bounded by edit length, decided by the sizes alone: a time limit would make the output depend on
 * the machine.
 */
export function unifiedDiff(oldText: string, newText: string, path: string): TextDiff {
  const lines = lineCount(oldText) + lineCount(newText);
  const maxEditLength = Math.max(1, Math.floor(MAX_WORK / Math.max(1, lines)));
  const patch = structuredPatch(path, path, oldText, newText, undefined, undefined, {
    context: CONTEXT,
    maxEditLength,
  });
  const hunks = patch?.hunks ?? [replacedWhole(splitLines(oldText), splitLines(newText))];
  return render(hunks, path, patch === undefined);
}

function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** The lines of `text`, each with its `\n` (the last may have none), as jsdiff compares them. */
function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/** One hunk: the common lines around the change as context, the rest of each side removed and added. */
function replacedWhole(a: string[], b: string[]): StructuredPatchHunk {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - CONTEXT);
  const toA = Math.min(a.length, endA + CONTEXT);
  const lines: string[] = [];
  const add = (op: string, line: string): void => {
    if (line.endsWith("\n")) lines.push(op + line.slice(0, -1));
    else lines.push(op + line, NO_EOL);
  };
  for (const line of a.slice(from, start)) add(" ", line);
  for (const line of a.slice(start, endA)) add("-", line);
  for (const line of b.slice(start, endB)) add("+", line);
  for (const line of a.slice(endA, toA)) add(" ", line);
  const after = toA - endA;
  return {
    oldStart: from + 1,
    oldLines: start - from + (endA - start) + after,
    newStart: from + 1,
    newLines: start - from + (endB - start) + after,
    lines,
  };
}

function render(hunks: readonly StructuredPatchHunk[], path: string, simplified: boolean): TextDiff {
  const lines = [`--- a/${path}`, `+++ b/${path}`];
  let total = lines.length;
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    total += 1 + hunk.lines.length;
    if (lines.length < MAX_OUTPUT_LINES) lines.push(header(hunk));
    for (const line of hunk.lines) {
      if (line.startsWith("+")) added++;
      else if (line.startsWith("-")) removed++;
      if (lines.length < MAX_OUTPUT_LINES) lines.push(line);
    }
  }
  const notes = simplified
    ? ["the changed region was too large to align line by line, so it is shown replaced whole"]
    : [];
  if (total > MAX_OUTPUT_LINES) notes.push(`showing the first ${MAX_OUTPUT_LINES} of ${total} lines`);
  return {
    added,
    removed,
    unified: lines.join("\n") + "\n",
    truncated: notes.length ? notes.join("; ") : null,
  };
}

/** `@@ -start,count +start,count @@`, numbered as diff(1) numbers an empty range (the line before it). */
function header(hunk: StructuredPatchHunk): string {
  const range = (start: number, count: number) => `${count === 0 ? start - 1 : start},${count}`;
  return `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`;
}
