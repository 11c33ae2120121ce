import { spawnSync } from "node:child_process";

/**
 * A python3 that can run the generated app.py (it imports aiohttp): $LANE7_PYTHON, then Debian's
 * /usr/bin/python3, then python3 on PATH. Null when there is none, so that tests can skip with a reason.
 */
export function findPython(): string | null {
  found ??= { python: pythonCandidates().find((python) => hasModules(python, ["aiohttp"])) ?? null };
  return found.python;
}

let found: { python: string | null } | undefined;

export const NO_PYTHON_REASON =
  "no python3 with aiohttp (set LANE7_PYTHON, or apt-get install python3-aiohttp)";

function pythonCandidates(): string[] {
  const fromEnv = process.env.LANE7_PYTHON;
  return [...(fromEnv ? [fromEnv] : []), "/usr/bin/python3", "python3"];
}

/** Whether `python` runs and imports every one of `modules`. */
export function hasModules(python: string, modules: string[]): boolean {
  const result = spawnSync(python, ["-c", modules.map((name) => `import ${name}`).join("; ")], {
    stdio: "ignore",
    timeout: 20_000,
  });
  return result.status === 0;
}

/** Runs a Python program on stdin; its stdout, or an error with its stderr when it fails. */
export function runPython(python: string, program: string, args: string[] = []): string {
  const result = spawnSync(python, ["-", ...args], {
    input: program,
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python exited ${String(result.status)}: ${result.stderr}`);
  return result.stdout;
}
