import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BundleFile } from "../../src/render/file.js";

/** A small bundle in the shape the renderers produce, with the marker that makes it a lane7 bundle. */
export function sampleBundle(version = "1"): BundleFile[] {
  return [
    { path: "README.md", content: `# demo ${version}\n`, mode: 0o644 },
    { path: "blueprint.yaml", content: "apiVersion: lane7/v1\nkind: Blueprint\n", mode: 0o644 },
    { path: "deploy.sh", content: "#!/bin/sh\necho deploy\n", mode: 0o755 },
    { path: "gw/01-namespace.yaml", content: "kind: Namespace\n", mode: 0o644 },
    { path: "gw/02-secrets.yaml", content: "kind: Secret\n", mode: 0o600 },
    { path: "gw/app/app.py", content: "print('hi')\n", mode: 0o644 },
  ];
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "lane7-write-"));
}

/** Leftover scratch paths of lane7 in `dir`. */
export function tempEntries(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(".lane7-tmp-"));
}
