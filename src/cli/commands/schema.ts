import { networkJsonSchema } from "../../spec/json-schema.js";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import type { Io } from "../../io.js";

export function runSchema(io: Io): ExitCode {
  io.stdout.write(`${JSON.stringify(networkJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
