import { CommanderError } from "commander";
import { errorMessage } from "../error-message.js";
import { EXIT, UserError, type ExitCode } from "../exit-codes.js";
import { processIo, type Io } from "../io.js";
import { buildProgram } from "./program.js";
import { lane7Version } from "../version.js";
import { terminalSafe } from "../control-characters.js";

export { exitWhenWritten } from "../io.js";

/** Runs lane7 with `argv` (without node and the script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<ExitCode> {
  const version = lane7Version();
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, version, (result) => (code = result));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (error instanceof UserError) {
      io.stderr.write(`lane7: ${terminalSafe(error.message)}\n`);
      return EXIT.error;
    }
    io.stderr.write(internalErrorReport(error, version, io.env.LANE7_DEBUG !== undefined));
    return EXIT.error;
  }
}

function internalErrorReport(error: unknown, version: string, debug: boolean): string {
  const message = errorMessage(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : "";
  return (
    `lane7: internal error: ${message}${stack}\n` +
    `This is a bug in lane7 ${version} (node ${process.version}). Please report it with the command and input that caused it;\n` +
    `set LANE7_DEBUG=1 to include a stack trace.\n`
  );
}
