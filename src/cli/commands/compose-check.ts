import { resolve as resolvePath } from "node:path";
import { diffSides } from "../../diff/diff.js";
import { appPartsText } from "../../diff/format/describe.js";
import { readBundleSide } from "../../diff/load-side.js";
import type { DiffResult } from "../../diff/result.js";
import { composedSide, SideError, type Side } from "../../diff/side.js";
import type { BundleFile } from "../../render/file.js";
import { EXIT, UserError, type ExitCode } from "../../exit-codes.js";
import type { Io, Style } from "../../io.js";
import type { ComposeCliOptions } from "../program.js";
import { terminalSafeResult } from "../../diff/format/safe-result.js";

const CHANGE_WORDS = { added: "missing ", removed: "extra   ", modified: "differs " } as const;

/**
 * `compose --check`: compares what the network composes to with the committed bundle (directory and/or
 * zip) and writes nothing. Only generated code counts: the files the committed record lists (the rest are
 * the user's), and of each app.py its generated parts (Section 1 is the user's business logic). Drift is the requested output, so it goes to stdout; exit 1 on drift, 0 when
 * everything matches. Contents are compared as `lane7 diff` compares them (the executable bit is the only
 * permission that counts, since git keeps no other), and secret values are never shown.
 */
export async function checkDrift(
  network: string,
  name: string,
  files: readonly BundleFile[],
  options: ComposeCliOptions,
  io: Io,
  style: Style,
): Promise<ExitCode> {
  const composed = composedSide(network, files);
  const out = options.out ?? (options.zip === undefined ? name : undefined);
  const sides = [
    ...(out === undefined ? [] : [() => readBundleSide(resolvePath(io.cwd, out), `${out}/`, "directory")]),
    ...(options.zip === undefined
      ? []
      : [() => readBundleSide(resolvePath(io.cwd, options.zip ?? ""), options.zip ?? "", "zip")]),
  ];
  let drift = false;
  for (const read of sides) {
    const committed = await readSide(read);
    const result = diffSides(committed, composed);
    if (result.files.length > 0 || result.security.length > 0) {
      drift = true;
      io.stdout.write(describeDrift(network, committed.source, result, style));
    } else {
      io.stderr.write(`${style.green("✓")} ${committed.source} is what ${network} composes to\n`);
    }
  }
  return drift ? EXIT.findings : EXIT.ok;
}

async function readSide(read: () => Promise<Side>): Promise<Side> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SideError) throw new UserError(error.message);
    throw error;
  }
}

function describeDrift(network: string, committed: string, unsafe: DiffResult, style: Style): string {
  const result = terminalSafeResult(unsafe);
  const lines = [`${style.bold(committed)} ${style.red("is not")} what ${network} composes to:`];
  for (const change of result.security) lines.push(`  ${style.yellow("security")} ${change.summary}`);
  for (const file of result.files) {
    const parts = file.appParts === undefined ? "" : ` (${appPartsText(file.appParts)})`;
    lines.push(`  ${CHANGE_WORDS[file.change]} ${file.path}${parts}`);
  }
  lines.push(
    `Review with \`lane7 diff ${committed} ${network}\`; update with \`lane7 compose ${network} ` +
      `${committed.endsWith("/") ? `-o ${committed}` : `--zip ${committed}`} --force\`.`,
  );
  return `${lines.join("\n")}\n`;
}
