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
  for (const stream of [process.stdout, process.stderr]) stream.on("error", stopOnClosedPipe);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    // A getter: Node makes its stdin stream on first use, and most commands never read it.
    get stdin() {
      return process.stdin;
    },
  };
}

/** The reader went away (`lane7 … | head`): nothing more can be said, so stop quietly, as shell tools do. */
function stopOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
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
