import { resolve as resolvePath } from "node:path";
import { InputError, readNetworkFile } from "../parse/read.js";
import type { NetworkDescription } from "../spec/network.js";
import { validateText } from "../validate/validate.js";
import { UserError } from "../exit-codes.js";
import { formatFindingsHuman, formatSummary } from "./format/findings-human.js";
import { totals, type FileResult } from "./format/validation-result.js";
import { styleFor, wantsColor, type Io } from "../io.js";

/** The network a command was given is invalid; its findings are already printed. */
export class InvalidNetworkError extends UserError {
  constructor(file: string, consequence: string) {
    super(`${file} is not a valid network: ${consequence}`);
    this.name = "InvalidNetworkError";
  }
}

/**
 * The network file `file` (relative to the working directory) for a command that needs a valid one. Its
 * findings go to stderr as `lane7 validate` prints them (warnings too, which let it through); an invalid
 * network throws InvalidNetworkError naming `consequence` ("nothing was written"), an unreadable file a
 * UserError.
 */
export async function readValidNetwork(
  file: string,
  io: Io,
  consequence: string,
): Promise<NetworkDescription> {
  let text: string;
  try {
    text = await readNetworkFile(resolvePath(io.cwd, file));
  } catch (error) {
    if (error instanceof InputError) throw new UserError(`${file}: ${error.message}`);
    throw error;
  }
  const validation = validateText(file, text);
  const style = styleFor(wantsColor(io, io.stderr));
  const result: FileResult = { file, text, findings: validation.findings };
  if (validation.findings.length > 0) io.stderr.write(formatFindingsHuman([result], style));
  if (validation.ok) return validation.network;
  io.stderr.write(formatSummary(totals([result]), style));
  throw new InvalidNetworkError(file, consequence);
}
