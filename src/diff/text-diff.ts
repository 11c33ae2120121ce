import type { TextDiff } from "./result.js";

const CONTEXT = 3;
/** Beyond this much Myers work (lines × edit distance) the changed middle is shown as replaced whole. */
const MAX_WORK = 20_000_000;
/** Lines of unified diff kept per file; the rest is summarised in `truncated`. */
const MAX_OUTPUT_LINES = 1000;
const NO_EOL = "\n\\ No newline at end of file";

type Op = " " | "-" | "+";
interface Edit {
  op: Op;
  line: string;
}

/**
 * A unified diff of two texts. Common leading and trailing lines are set aside first, then Myers' algorithm
 * finds a shortest edit script for the rest; when that would cost too much, the rest is shown as removed
 * and re-added (still a correct diff, just not the shortest).
 */
export function unifiedDiff(oldText: string, newText: string, path: string): TextDiff {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const shortest = shortestEdits(middleA, middleB);
  const edits: Edit[] = [
    ...a.slice(0, start).map((line): Edit => ({ op: " ", line })),
    ...(shortest ?? replaceAll(middleA, middleB)),
    ...a.slice(endA).map((line): Edit => ({ op: " ", line })),
  ];
  return render(edits, path, shortest === undefined);
}

/** Lines without their `\n`; a last line without one is marked as diff(1) marks it. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  if (last !== "") lines.push(last + NO_EOL);
  return lines;
}

function replaceAll(a: string[], b: string[]): Edit[] {
  return [...a.map((line): Edit => ({ op: "-", line })), ...b.map((line): Edit => ({ op: "+", line }))];
}

/** Myers' O((N+M)·D) shortest edit script, or undefined when it would exceed MAX_WORK. */
function shortestEdits(a: string[], b: string[]): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  const maxD = Math.min(n + m, Math.floor(MAX_WORK / Math.max(1, n + m)));
  const offset = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace);
    }
  }
  return undefined;
}

function backtrack(a: string[], b: string[], trace: Int32Array[]): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snapshot = trace[d] as Int32Array;
    const at = (k: number): number => snapshot[k + d + 1] ?? 0;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      y--;
      edits.push({ op: " ", line: a[--x] ?? "" });
    }
    if (d === 0) break;
    if (x === previousX) edits.push({ op: "+", line: b[--y] ?? "" });
    else edits.push({ op: "-", line: a[--x] ?? "" });
  }
  return edits.reverse();
}

function render(edits: readonly Edit[], path: string, simplified: boolean): TextDiff {
  const lines = [`--- a/${path}`, `+++ b/${path}`];
  for (const hunk of hunks(edits)) lines.push(...hunk);
  const added = edits.filter((edit) => edit.op === "+").length;
  const removed = edits.filter((edit) => edit.op === "-").length;
  const notes = simplified
    ? ["the changed region was too large to align line by line, so it is shown replaced whole"]
    : [];
  if (lines.length > MAX_OUTPUT_LINES) {
    notes.push(`showing the first ${MAX_OUTPUT_LINES} of ${lines.length} lines`);
    lines.length = MAX_OUTPUT_LINES;
  }
  return {
    added,
    removed,
    unified: lines.join("\n") + "\n",
    truncated: notes.length ? notes.join("; ") : null,
  };
}

/** Runs of changes with up to CONTEXT unchanged lines around them, merged when their context touches. */
function hunks(edits: readonly Edit[]): string[][] {
  const oldLine = new Int32Array(edits.length + 1);
  const newLine = new Int32Array(edits.length + 1);
  edits.forEach((edit, index) => {
    oldLine[index + 1] = (oldLine[index] ?? 0) + (edit.op === "+" ? 0 : 1);
    newLine[index + 1] = (newLine[index] ?? 0) + (edit.op === "-" ? 0 : 1);
  });
  const changed = edits.flatMap((edit, index) => (edit.op === " " ? [] : [index]));
  const result: string[][] = [];
  for (let i = 0; i < changed.length;) {
    const first = changed[i] ?? 0;
    let last = first;
    while (i + 1 < changed.length && (changed[i + 1] ?? 0) - last <= 2 * CONTEXT + 1)
      last = changed[++i] ?? 0;
    i++;
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(edits.length, last + CONTEXT + 1);
    const range = (lines: Int32Array) => {
      const count = (lines[to] ?? 0) - (lines[from] ?? 0);
      return `${(lines[from] ?? 0) + (count === 0 ? 0 : 1)},${count}`;
    };
    const body = edits.slice(from, to).map((edit) => edit.op + edit.line);
    result.push([`@@ -${range(oldLine)} +${range(newLine)} @@`, ...body]);
  }
  return result;
}
