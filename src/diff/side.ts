import type { BundleFile } from "../render/file.js";
import { sha256 } from "../render/record.js";
import type { SideKind } from "./result.js";

/** One side of a diff: every file of a blueprint, by path relative to the bundle root. */
export interface Side {
  source: string;
  kind: SideKind;
  files: ReadonlyMap<string, SideFile>;
}

export interface SideFile {
  /** The UTF-8 text; for a binary file, a digest of its bytes (equal bytes, equal content). */
  content: string;
  mode: number;
  binary: boolean;
}

/** A side could not be read, or is not a lane7 blueprint: the user's to fix (exit 2). */
export class SideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SideError";
  }
}

export function composedSide(source: string, files: readonly BundleFile[]): Side {
  const map = new Map<string, SideFile>();
  for (const file of files) map.set(file.path, { content: file.content, mode: file.mode, binary: false });
  return { source, kind: "network", files: map };
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function sideFile(bytes: Uint8Array, mode: number): SideFile {
  if (!bytes.includes(0)) {
    try {
      return { content: utf8.decode(bytes), mode, binary: false };
    } catch {
      // Not UTF-8: compared as bytes below.
    }
  }
  return { content: `sha256:${sha256(bytes)}`, mode, binary: true };
}
