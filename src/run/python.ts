import { execFile } from "node:child_process";
import { UserError } from "../exit-codes.js";

const PROBE_TIMEOUT_MS = 20_000;

/**
 * The Python that runs app.py: `--python`, else $LANE7_PYTHON (either is used as given), else the first
 * of python3 and /usr/bin/python3 that is 3.10 or newer and imports aiohttp (and grpc when a pod needs
 * it). Throws a UserError with a one-line fix when there is none.
 */
export async function findPython(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  needsGrpc: boolean,
): Promise<string> {
  const chosen = explicit ?? env.LANE7_PYTHON;
  const candidates = chosen ? [chosen] : ["python3", "/usr/bin/python3"];
  const modules = ["aiohttp", ...(needsGrpc ? ["grpc"] : [])];
  for (const python of candidates) {
    const found = await probe(python, modules);
    if (found === "usable") return python;
    if (found === "missing" && chosen) {
      throw new UserError(`${explicit ? "--python" : "LANE7_PYTHON"} ${chosen}: not found`);
    }
  }
  throw new UserError(fixIt(candidates.join(" or "), needsGrpc));
}

/** Whether `python` runs, is 3.10 or newer and imports every one of `modules`. */
function probe(python: string, modules: readonly string[]): Promise<"usable" | "unusable" | "missing"> {
  const program = `import sys; assert sys.version_info >= (3, 10)\nimport ${modules.join(", ")}`;
  return new Promise((resolve) => {
    execFile(python, ["-c", program], { timeout: PROBE_TIMEOUT_MS }, (error) => {
      if (error === null) resolve("usable");
      else resolve(error.code === "ENOENT" ? "missing" : "unusable");
    });
  });
}

function fixIt(tried: string, needsGrpc: boolean): string {
  const what = needsGrpc ? "aiohttp and grpcio" : "aiohttp";
  const apt = needsGrpc ? "python3-aiohttp python3-grpcio" : "python3-aiohttp";
  const pip = needsGrpc ? "aiohttp grpcio" : "aiohttp";
  return (
    `no Python 3.10+ with ${what} (tried ${tried}): ` +
    `apt-get install ${apt}, or pip install ${pip}, or point --python or LANE7_PYTHON at such a python`
  );
}
