import { createRequire } from "node:module";

/** package.json sits two levels above both src/cli and dist/cli. */
export function lane7Version(): string {
  const manifest = createRequire(import.meta.url)("../../package.json") as { version: string };
  return manifest.version;
}
