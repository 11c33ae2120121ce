import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../package-root.js";

/** Every template's source by its path under templates/ (`app/app.py.hbs`): what the renderers are given. */
export type TemplateSources = Readonly<Record<string, string>>;

let loaded: TemplateSources | undefined;

/**
 * The templates/ folder of the lane7 package, read once, before anything renders: the renderers and the
 * text engine never touch the disk.
 */
export function templateSources(): TemplateSources {
  if (loaded !== undefined) return loaded;
  const root = join(packageRoot(), "templates");
  const sources: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    sources[
      path
        .slice(root.length + 1)
        .split("\\")
        .join("/")
    ] = readFileSync(path, "utf8");
  }
  loaded = Object.freeze(sources);
  return loaded;
}
