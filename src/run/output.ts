import { styleFor, wantsColor, type Io } from "../io.js";

/** Pod colours on a terminal: cyan, yellow, magenta, green, blue, then their bright variants. */
const POD_COLOURS = [36, 33, 35, 32, 34, 96, 93, 95, 92, 94];

/**
 * Where a run writes: each pod's lines on stdout (its stderr on stderr), prefixed with its id and, on a
 * terminal, coloured per pod; lane7's own lines on stderr, prefixed `[lane7]`.
 */
export class RunOutput {
  private readonly prefixes = new Map<string, { stdout: string; stderr: string }>();
  private readonly style;

  constructor(
    private readonly io: Io,
    pods: readonly string[],
  ) {
    const width = Math.max(...pods.map((pod) => pod.length));
    pods.forEach((pod, index) => {
      const label = `${pod.padEnd(width)} | `;
      const colour = POD_COLOURS[index % POD_COLOURS.length] ?? 0;
      const paint = (color: boolean) => (color ? `\u001b[${colour}m${label}\u001b[39m` : label);
      this.prefixes.set(pod, {
        stdout: paint(wantsColor(io, io.stdout)),
        stderr: paint(wantsColor(io, io.stderr)),
      });
    });
    this.style = styleFor(wantsColor(io, io.stderr));
  }

  pod(pod: string, stream: "stdout" | "stderr", line: string): void {
    this.io[stream].write(`${this.prefixes.get(pod)?.[stream] ?? ""}${line}\n`);
  }

  info(text: string): void {
    this.io.stderr.write(`${this.style.dim("[lane7]")} ${text}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.style.dim("[lane7]")} ${this.style.yellow(text)}\n`);
  }

  security(text: string): void {
    this.io.stderr.write(`${this.style.dim("[lane7]")} ${this.style.red(`SECURITY ${text}`)}\n`);
  }
}
