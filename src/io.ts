import { fstatSync, writeSync } from "node:fs";

/** The process's streams and environment as the commands see them, so tests can run a command in-process. */
export interface Io {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Where a command reads an answer to a question (absent: nobody to ask). */
  stdin?: Input;
}

export interface Input extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width. */
  columns?: number;
}

export function processIo(): Io {
  return {
    stdout: standardOutput(1, () => process.stdout),
    stderr: standardOutput(2, () => process.stderr),
    env: process.env,
    cwd: process.cwd(),
    // A getter: Node makes its stdin stream on first use, and most commands never read it.
    get stdin() {
      return process.stdin;
    },
  };
}

/**
 * A standard output that is a pipe, a socket or a file is written with write(2) on its descriptor, as
 * Node's own stream for it writes (synchronously) too: making that stream loads Node's stream and net
 * modules, ~5 ms of every start-up. A terminal keeps Node's stream, which knows its width, and so does a
 * descriptor that turns out non-blocking (EAGAIN), from then on, for Node to wait on.
 */
export function standardOutput(
  fd: number,
  stream: () => NodeJS.WriteStream,
  writeBytes: WriteBytes = (descriptor, bytes, offset) => writeSync(descriptor, bytes, offset),
): Output {
  let fallback: NodeJS.WriteStream | undefined = writesDirectly(fd) ? undefined : watched(stream());
  return {
    get isTTY() {
      return fallback?.isTTY;
    },
    get columns() {
      return fallback?.columns;
    },
    write(text: string) {
      if (fallback) return fallback.write(text);
      const rest = writeAll(fd, Buffer.from(text), writeBytes);
      if (rest.length > 0) (fallback = watched(stream())).write(rest);
      return true;
    },
  };
}

/** write(2): how many of the bytes from `offset` on it took. */
type WriteBytes = (fd: number, bytes: Buffer, offset: number) => number;

function writesDirectly(fd: number): boolean {
  try {
    const info = fstatSync(fd);
    return info.isFIFO() || info.isSocket() || info.isFile();
  } catch {
    return false;
  }
}

/** Writes `bytes` to `fd` and returns what a non-blocking descriptor did not take. */
function writeAll(fd: number, bytes: Buffer, writeBytes: WriteBytes): Buffer {
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeBytes(fd, bytes, offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EAGAIN") return bytes.subarray(offset);
    if (code === "EPIPE") stopQuietly();
    throw error;
  }
  return bytes.subarray(offset);
}

/** Node's streams the outputs have fallen back to, which may still hold what they were given. */
const streamsMade = new Set<NodeJS.WriteStream>();

function watched(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  streamsMade.add(stream);
  return stream.on("error", stopOnClosedPipe);
}

/**
 * Ends the process, its command done, with `code`: at once when all its output is written, since Node
 * would first run V8's pending tasks (a garbage collection, typically) and take its heap down, ~5 ms of
 * every run; otherwise when Node's streams have drained.
 */
export function exitWhenWritten(code: number): void {
  process.exitCode = code;
  if ([...streamsMade].every((stream) => stream.writableLength === 0)) process.exit(code);
}

/** The reader went away (`lane7 … | head`): nothing more can be said, so stop quietly, as shell tools do. */
function stopOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
  stopQuietly();
}

function stopQuietly(): never {
  process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(io: Io, stream: Output): boolean {
  return stream.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== "dumb";
}

export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const code = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function styleFor(color: boolean): Style {
  return color
    ? {
        red: code(31, 39),
        yellow: code(33, 39),
        green: code(32, 39),
        cyan: code(36, 39),
        bold: code(1, 22),
        dim: code(2, 22),
      }
    : { red: plain, yellow: plain, green: plain, cyan: plain, bold: plain, dim: plain };
}

/** Each warning on stderr as `lane7: warning: …`, the word in yellow where stderr takes colour. */
export function writeWarnings(io: Io, warnings: readonly string[]): void {
  const word = styleFor(wantsColor(io, io.stderr)).yellow("warning");
  for (const warning of warnings) io.stderr.write(`lane7: ${word}: ${warning}\n`);
}
