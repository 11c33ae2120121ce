/** One file of a bundle, relative to the bundle root (`README.md`, `ai-gateway/02-secrets.yaml`). */
export interface BundleFile {
  path: string;
  content: string;
  /** 0o644 for plain files, 0o755 for scripts, 0o600 for files holding secrets. */
  mode: FileMode;
}

export type FileMode = 0o644 | 0o755 | 0o600;

/**
 * A file as the writers take it: its content as text, or already as its UTF-8 bytes (the render workers
 * encode what they render, and hand the bytes over without a copy).
 */
export interface OutputFile {
  path: string;
  content: string | Uint8Array;
  mode: FileMode;
}
