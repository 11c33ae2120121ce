import { compareBytewise } from "../render/path-order.js";

/** Every directory that holds one of `paths` (relative, `/`-separated), parents before their children. */
export function directoriesOf(paths: readonly string[]): string[] {
  const directories = new Set<string>();
  for (const path of paths) {
    for (let slash = path.indexOf("/"); slash > 0; slash = path.indexOf("/", slash + 1)) {
      directories.add(path.slice(0, slash));
    }
  }
  return [...directories].sort(compareBytewise);
}
