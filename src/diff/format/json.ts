import type { DiffResult } from "../result.js";

/** `--format json`: the result as schemas/diff-output.schema.json describes it, fields in a fixed order. */
export function formatDiffJson(result: DiffResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
