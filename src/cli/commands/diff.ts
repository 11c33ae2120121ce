import { resolve as resolvePath } from "node:path";
import { diffSides } from "../../diff/diff.js";
import { formatDiffHuman } from "../../diff/format/human.js";
import { formatDiffJson } from "../../diff/format/json.js";
import { formatDiffMarkdown } from "../../diff/format/markdown.js";
import { readDirectorySide, readZipSide, sideKind } from "../../diff/load-side.js";
import type { DiffResult } from "../../diff/result.js";
import { composedSide, SideError, type Side } from "../../diff/side.js";
import { resolve } from "../../model/resolve.js";
import { InputError, readNetworkFile } from "../../parse/read.js";
import { composeBundle } from "../../render/bundle.js";
import { defaultRenderOptions } from "../../render/defaults.js";
import { validateText } from "../../validate/validate.js";
import { EXIT, UserError, type ExitCode } from "../exit-codes.js";
import { formatFindingsHuman, formatSummary } from "../format/findings-human.js";
import { totals } from "../format/validation-result.js";
import { styleFor, wantsColor, type Io } from "../io.js";
import type { DiffCliOptions } from "../program.js";
import { lane7Version } from "../version.js";

/**
 * `lane7 diff OLD NEW`: exit 0 when the blueprints do not differ (with `--exit-code security`: when the
 * security posture did not change), 1 when they do, 2 when a side cannot be read or is not valid.
 * stdout holds the requested output only.
 */
export async function runDiff(
  oldSide: string,
  newSide: string,
  options: DiffCliOptions,
  io: Io,
): Promise<ExitCode> {
  const old = await loadSide(oldSide, io);
  const next = old && (await loadSide(newSide, io));
  if (!old || !next) return EXIT.error;
  let result: DiffResult;
  try {
    result = diffSides(old, next);
  } catch (error) {
    throw error instanceof SideError ? new UserError(error.message) : error;
  }
  io.stdout.write(formatted(result, options.format, io));
  const differs = options.exitCode === "security" ? result.securityChanged : result.different;
  return differs ? EXIT.findings : EXIT.ok;
}

function formatted(result: DiffResult, format: DiffCliOptions["format"], io: Io): string {
  switch (format) {
    case "json":
      return formatDiffJson(result);
    case "markdown":
      return formatDiffMarkdown(result);
    case "human":
      return formatDiffHuman(result, styleFor(wantsColor(io, io.stdout)));
  }
}

/** A bundle directory, a bundle zip, or a network file composed in memory; undefined for an invalid network. */
async function loadSide(argument: string, io: Io): Promise<Side | undefined> {
  const path = resolvePath(io.cwd, argument);
  try {
    switch (await sideKind(path, argument)) {
      case "directory":
        return await readDirectorySide(path, argument);
      case "zip":
        return await readZipSide(path, argument);
      case "file":
        return await composedNetwork(path, argument, io);
    }
  } catch (error) {
    if (error instanceof SideError) throw new UserError(error.message);
    throw error;
  }
}

/** Composed with the default images and no credentials, as `lane7 compose` without options would. */
async function composedNetwork(path: string, argument: string, io: Io): Promise<Side | undefined> {
  let text: string;
  try {
    text = await readNetworkFile(path);
  } catch (error) {
    if (error instanceof InputError) throw new UserError(`${argument}: ${error.message}`);
    throw error;
  }
  const validation = validateText(argument, text);
  if (!validation.ok) {
    const style = styleFor(wantsColor(io, io.stderr));
    const result = { file: argument, text, findings: validation.findings };
    io.stderr.write(formatFindingsHuman([result], style));
    io.stderr.write(formatSummary(totals([result]), style));
    io.stderr.write(`lane7: ${argument} is not a valid network: nothing to compare\n`);
    return undefined;
  }
  const files = composeBundle(resolve(validation.network), defaultRenderOptions(lane7Version()));
  return composedSide(argument, files);
}
