import { InputError, readNetworkFile } from "../../parse/read.js";
import { validateText } from "../../validate/validate.js";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import { formatFindingsHuman, formatSummary } from "../format/findings-human.js";
import { formatFindingsGithub } from "../format/findings-github.js";
import { formatFindingsJson } from "../format/findings-json.js";
import { formatFindingsSarif } from "../format/findings-sarif.js";
import { totals, type FileResult } from "../format/validation-result.js";
import { styleFor, wantsColor, type Io } from "../../io.js";
import type { ValidateFormat } from "./validate-formats.js";

export interface ValidateOptions {
  format: ValidateFormat;
  strict: boolean;
}

export async function runValidate(
  files: string[],
  options: ValidateOptions,
  io: Io,
  version: string,
): Promise<ExitCode> {
  const results = await Promise.all(files.map(validateFile));
  switch (options.format) {
    case "json":
      io.stdout.write(formatFindingsJson(results, options.strict));
      break;
    case "github":
      io.stdout.write(formatFindingsGithub(results, io.cwd));
      io.stderr.write(formatSummary(totals(results), styleFor(false)));
      break;
    case "sarif":
      io.stdout.write(formatFindingsSarif(results, version, io.cwd));
      break;
    case "human":
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
