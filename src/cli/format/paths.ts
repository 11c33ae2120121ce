import { isAbsolute, relative, sep } from "node:path";

/** A path as CI tools want it: relative to the working directory (the repository root), with `/`. */
export function repoRelative(file: string, cwd: string): string {
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  return (path || file).split(sep).join("/");
}
