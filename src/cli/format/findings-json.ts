import type { FileResult } from "./validation-result.js";
import { totals } from "./validation-result.js";
import { safeJson } from "../../control-characters.js";

/**
 * `lane7 validate --format json`: a stable shape, described by schemas/validate-output.schema.json.
 * Fields are only ever added, never renamed; `formatVersion` changes if that promise is ever broken.
 */
export function formatFindingsJson(results: readonly FileResult[], strict: boolean): string {
  const counts = totals(results);
  const document = {
    formatVersion: 1,
    valid: counts.errors === 0 && counts.unreadable === 0 && (!strict || counts.warnings === 0),
    summary: counts,
    files: results.map((result) => ({
      file: result.file,
      valid: result.error === undefined && result.findings.every((finding) => finding.severity !== "error"),
      ...(result.error !== undefined ? { error: result.error } : {}),
      findings: result.findings.map(({ rule, severity, message, file, line, column, hint }) => ({
        rule,
        severity,
        message,
        file,
        line,
        column,
        hint,
      })),
    })),
  };
  return `${safeJson(document)}\n`;
}
