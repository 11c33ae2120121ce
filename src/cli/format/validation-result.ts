import type { Finding } from "../../validate/finding.js";

/** What `lane7 validate` found for one file: findings, or an input error that kept it from being read. */
export interface FileResult {
  file: string;
  /** The file's text, for showing the offending line; absent when it could not be read. */
  text?: string;
  findings: Finding[];
  /** Why the file could not be read (missing, a directory, too large, binary). */
  error?: string;
}

export interface Totals {
  files: number;
  errors: number;
  warnings: number;
  unreadable: number;
}

export function totals(results: readonly FileResult[]): Totals {
  const all = results.flatMap((result) => result.findings);
  return {
    files: results.length,
    errors: all.filter((finding) => finding.severity === "error").length,
    warnings: all.filter((finding) => finding.severity === "warning").length,
    unreadable: results.filter((result) => result.error !== undefined).length,
  };
}
