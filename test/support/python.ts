import { spawnSync } from "node:child_process";
import { realTool, TOOLS_DIR } from "./real-tools.js";

/** The venv scripts/install/10-python.sh builds with exactly the aiohttp and grpcio a bundle pins. */
export const PINNED_PYTHON = `${TOOLS_DIR}python/bin/python`;

/**
 * The Python that runs the generated app.py: $LANE7_PYTHON, else the pinned venv (never the system's
 * python3, whose aiohttp and grpcio are not the versions a bundle installs). Null, after one line saying
 * so, when it cannot import aiohttp and grpc; under LANE7_REQUIRE_REAL_TOOLS=1 that throws instead.
 */
export function findPython(): string | null {
  found ??= { python: realTool(`the pinned Python (${pythonCandidate()})`, usablePython()) };
  return found.python;
}

let found: { python: string | null } | undefined;

export const NO_PYTHON_REASON = "no pinned Python: run scripts/install-test-tools.sh";

function pythonCandidate(): string {
  return process.env.LANE7_PYTHON || PINNED_PYTHON;
}

function usablePython(): string | null {
  const python = pythonCandidate();
  return hasModules(python, ["aiohttp", "grpc"]) ? python : null;
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
