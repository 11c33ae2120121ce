import { isUtf8 } from "node:buffer";
import { readFile as readFileCallback, stat as statCallback } from "node:fs";
import { promisify } from "node:util";
import { LIMITS } from "../spec/constants.js";

/** A problem reading the input itself (not its content): lane7 exits 2 for these. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

// Not node:fs/promises, which loads Node's readline and file-watching modules (~2 ms of start-up) that
// validate never uses.
const stat = promisify(statCallback);
const readFile = promisify(readFileCallback);

/** Reads a network file as UTF-8 text, refusing what is not a readable, reasonably sized text file. */
export async function readNetworkFile(file: string): Promise<string> {
  const info = await stat(file).catch((error: unknown) => {
    throw new InputError(file, describeFsError(error));
  });
  if (info.isDirectory()) throw new InputError(file, "is a directory, not a network file");
  if (!info.isFile()) throw new InputError(file, "is not a regular file");
  if (info.size > LIMITS.fileBytes) {
    throw new InputError(
      file,
      `is ${formatBytes(info.size)}; lane7 reads network files up to ${formatBytes(LIMITS.fileBytes)}`,
    );
  }
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new InputError(file, describeFsError(error));
  });
  if (bytes.includes(0))
    throw new InputError(file, "is a binary file (it contains NUL bytes), not a network file");
  if (!isUtf8(bytes)) throw new InputError(file, "is not UTF-8 text (a binary file?)");
  // A byte order mark is not part of the text (as TextDecoder would drop it).
  const text = bytes.toString("utf8");
  return text.startsWith("\ufeff") ? text.slice(1) : text;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a network file";
    default:
      return error instanceof Error ? error.message : "cannot be read";
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
