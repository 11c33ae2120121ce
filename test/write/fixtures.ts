import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BundleFile } from "../../src/render/file.js";
import { recordedFile, renderRecord } from "../../src/render/record.js";

/** The blueprint.yaml of the sample bundles: enough of one for lane7 to read its network's name. */
export const SAMPLE_BLUEPRINT = "apiVersion: lane7/v1\nkind: Blueprint\nnetwork: {name: demo}\n";

/**
 * A small bundle in the shape the renderers produce, `extra` files included, with the record that makes it
 * a lane7 bundle (last, as composeNetwork gives it).
 */
export function sampleBundle(
  version = "1",
  extra: readonly BundleFile[] = [],
  blueprint = SAMPLE_BLUEPRINT,
): BundleFile[] {
  const files: BundleFile[] = [
    { path: "README.md", content: `# demo ${version}\n`, mode: 0o644 },
    { path: "blueprint.yaml", content: blueprint, mode: 0o644 },
    { path: "deploy.sh", content: "#!/bin/sh\necho deploy\n", mode: 0o755 },
    { path: "gw/01-namespace.yaml", content: "kind: Namespace\n", mode: 0o644 },
    { path: "gw/02-secrets.yaml", content: "kind: Secret\n", mode: 0o600 },
    { path: "gw/app/requirements.txt", content: "aiohttp\n", mode: 0o644 },
    ...extra,
  ];
  return [...files, renderRecord(files.map(recordedFile), { lane7Version: version, network: "demo" })];
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "lane7-write-"));
}

/** Leftover scratch paths of lane7 in `dir`. */
export function tempEntries(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(".lane7-tmp-"));
}
