import { describe, expect, it } from "vitest";
import type { Io } from "../../src/io.js";
import { main } from "../../src/cli/main.js";
import { ROOT } from "../support/cli.js";

/**
 * `lane7 run … --python <none>`, in-process: with good options it stops at the Python it cannot find,
 * with a bad one before that.
 */
async function run(...options: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: ROOT,
  };
  const code = await main(
    ["run", "examples/bi-pod.yaml", ...options, "--python", "/nonexistent/python3"],
    io,
  );
  return { code, stdout, stderr };
}

describe("lane7 run --interval", () => {
  it("takes fractions of a second, down to 0.1", async () => {
    for (const interval of ["0.1", "0.25", ".5", "2", "2."]) {
      const result = await run("--interval", interval);
      expect(result.stderr, interval).toBe("lane7: --python /nonexistent/python3: not found\n");
    }
  });

  it("refuses what is not a number of seconds of at least 0.1, in one line and exit 2", async () => {
    for (const interval of ["0", "0.05", "-1", "1e3", "Infinity", "9".repeat(400), "2s", " 1", ""]) {
      const result = await run("--interval", interval);
      expect(result.code, interval).toBe(2);
      expect(result.stderr.split("\n")[0], interval).toBe(
        `error: option '--interval <seconds>' argument '${interval}' is invalid. ` +
          "expected a number of seconds of at least 0.1, such as 0.5 or 2",
      );
    }
  });

  it("is described in --help", async () => {
    expect((await run("--help")).stdout).toMatch(
      /--interval <seconds> +auto-trigger interval of the initiators, in seconds,\s+fractions allowed \(at least 0\.1; default: 2\)/,
    );
  });
});
