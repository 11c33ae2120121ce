/** One file of a bundle, relative to the bundle root (`README.md`, `ai-gateway/02-secrets.yaml`). */
export interface BundleFile {
  path: string;
  content: string;
  /** 0o644 for plain files, 0o755 for scripts, 0o600 for files holding secrets. */
  mode: FileMode;
}

export type FileMode = 0o644 | 0o755 | 0o600;
