import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The lane7 package's folder (holding package.json and templates/), found from this module's own place,
 * so the same code works from src/ (tests), dist/ and the single-file bundle the bin runs.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("lane7's package.json was not found above its code");
    dir = parent;
  }
  root = dir;
  return dir;
}
