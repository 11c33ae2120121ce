import type { DiffResult } from "../result.js";
import { safeJson } from "../../control-characters.js";

/** `--format json`: the result as schemas/diff-output.schema.json describes it, fields in a fixed order. */
export function formatDiffJson(result: DiffResult): string {
  return `${safeJson(result)}\n`;
}
