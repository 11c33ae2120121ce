import { hash } from "node:crypto";
import { hookSignatures, splitAppPy } from "./app/sections.js";
import type { BundleFile } from "./file.js";
import { compareBytewise } from "./path-order.js";
import type { BundleRecord, RecordedFile } from "./record-schema.js";

export type { BundleRecord, RecordedFile } from "./record-schema.js";

/**
 * `.lane7/files.json`, the record of what lane7 generated in a bundle: every generated file with its
 * sha256 and, for each app.py, the hash of its generated parts only (Section 1 is the user's) and the stub
 * Section 1 it was composed with. A file the record does not list is the user's. Recompose and
 * `compose --check` read it; only lane7 writes it.
 */
export const RECORD_PATH = ".lane7/files.json";
export const RECORD_FORMAT = 1;
const SECRET_MODE = 0o600;

/** `<pod>/app/app.py`: the files whose Section 1 is the user's. */
export function isAppPy(path: string): boolean {
  return /^[^/]+\/app\/app\.py$/.test(path);
}

export function sha256(content: string | Uint8Array): string {
  return hash("sha256", content, "hex");
}

/**
 * The hash the record keeps for a file: of its bytes, or, for an app.py, of its generated parts (head and
 * rest, Section 1 left out); null for an app.py whose banners are gone.
 */
export function generatedHash(path: string, content: Buffer | string): string | null {
  if (!isAppPy(path)) return sha256(content);
  const sections = splitAppPy(content.toString());
  return sections === null ? null : sha256(sections.head + sections.rest);
}

/** What the record says about one generated file. */
export function recordedFile(file: BundleFile): RecordedFile {
  if (file.mode === SECRET_MODE) return { path: file.path, sha256: null };
  if (!isAppPy(file.path)) return { path: file.path, sha256: sha256(file.content) };
  const sections = splitAppPy(file.content);
  if (sections === null) throw new Error(`the rendered ${file.path} has no Section 1 and 2 banners`);
  return {
    path: file.path,
    sha256: sha256(sections.head + sections.rest),
    section1: { sha256: sha256(sections.section1), hooks: hookSignatures(sections.section1) },
  };
}

/** The record of `files` (the generated files of a bundle, in any order): pure and deterministic. */
export function renderRecord(
  files: readonly RecordedFile[],
  about: { lane7Version: string; network: string },
): BundleFile {
  const record: BundleRecord = {
    format: RECORD_FORMAT,
    lane7: about.lane7Version,
    network: about.network,
    files: [...files].sort((a, b) => compareBytewise(a.path, b.path)),
  };
  return { path: RECORD_PATH, content: `${JSON.stringify(sortedKeys(record), null, 2)}\n`, mode: 0o644 };
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => compareBytewise(a, b));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortedKeys(item)]));
}
