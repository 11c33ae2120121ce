import { resolve as resolvePath } from "node:path";
import { diffSides } from "../../diff/diff.js";
import { formatDiffHuman } from "../../diff/format/human.js";
import { formatDiffJson } from "../../diff/format/json.js";
import { formatDiffMarkdown } from "../../diff/format/markdown.js";
import { readBundleSide, sideKind } from "../../diff/load-side.js";
import type { DiffResult } from "../../diff/result.js";
import { composedSide, SideError, type Side } from "../../diff/side.js";
import { composeNetwork } from "../../composition.js";
import { EXIT, UserError, type ExitCode } from "../../exit-codes.js";
import { styleFor, wantsColor, type Io } from "../../io.js";
import { readValidNetwork } from "../network-input.js";
import type { DiffCliOptions } from "../program.js";

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
  const next = await loadSide(newSide, io);
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

/** A bundle directory, a bundle zip, or a network file composed in memory (it must be valid). */
async function loadSide(argument: string, io: Io): Promise<Side> {
  const path = resolvePath(io.cwd, argument);
  try {
    const kind = await sideKind(path, argument);
    switch (kind) {
      case "directory":
      case "zip":
        return await readBundleSide(path, argument, kind);
      case "file":
        return await composedNetwork(argument, io);
    }
  } catch (error) {
    if (error instanceof SideError) throw new UserError(error.message);
    throw error;
  }
}

/** Composed with the default images and no credentials, as `lane7 compose` without options would. */
async function composedNetwork(argument: string, io: Io): Promise<Side> {
  const network = await readValidNetwork(argument, io, "nothing to compare");
  return composedSide(argument, composeNetwork(network).files());
}
