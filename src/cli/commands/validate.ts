import { InputError, readNetworkFile } from "../../parse/read.js";
import { validateText } from "../../validate/validate.js";
import { EXIT, type ExitCode } from "../exit-codes.js";
import { formatFindingsHuman, formatSummary } from "../format/findings-human.js";
import { formatFindingsJson } from "../format/findings-json.js";
import { totals, type FileResult } from "../format/validation-result.js";
import { styleFor, wantsColor, type Io } from "../io.js";

export const VALIDATE_FORMATS = ["human", "json"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export interface ValidateOptions {
  format: ValidateFormat;
  strict: boolean;
}

export async function runValidate(files: string[], options: ValidateOptions, io: Io): Promise<ExitCode> {
  const results = await Promise.all(files.map(validateFile));
  if (options.format === "json") {
    io.stdout.write(formatFindingsJson(results, options.strict));
  } else {
    io.stdout.write(formatFindingsHuman(results, styleFor(wantsColor(io, io.stdout))));
    io.stderr.write(formatSummary(totals(results), styleFor(wantsColor(io, io.stderr))));
  }
  return exitCodeFor(results, options.strict);
}

export async function validateFile(file: string): Promise<FileResult> {
  try {
    const text = await readNetworkFile(file);
    return { file, text, findings: validateText(file, text).findings };
  } catch (error) {
    if (error instanceof InputError) return { file, findings: [], error: error.message };
    throw error;
  }
}

function exitCodeFor(results: readonly FileResult[], strict: boolean): ExitCode {
  const counts = totals(results);
  if (counts.unreadable > 0) return EXIT.error;
  if (counts.errors > 0 || (strict && counts.warnings > 0)) return EXIT.findings;
  return EXIT.ok;
}
