import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Io } from "../../src/io.js";
import { main } from "../../src/cli/main.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = `${ROOT}bin/lane7.js`;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built lane7 binary as a user would (requires `npm run build`). */
export function runCli(args: readonly string[], options: SpawnSyncOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    ...options,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs lane7 in-process in `cwd`, with `env` as the whole environment, capturing its output. */
export async function runInProcess(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
