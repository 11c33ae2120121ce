import { terminalSafe } from "../../control-characters.js";
import type { DiffResult } from "../result.js";

/**
 * The result with every string (paths, names, values, text diffs: all read from the blueprints) made safe
 * to print, for the formats a person reads. The JSON format keeps the exact text: JSON escapes it.
 */
export function terminalSafeResult(result: DiffResult): DiffResult {
  return safeStrings(result) as DiffResult;
}

function safeStrings(value: unknown): unknown {
  if (typeof value === "string") return terminalSafe(value);
  if (Array.isArray(value)) return value.map(safeStrings);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [terminalSafe(key), safeStrings(item)]),
  );
}
