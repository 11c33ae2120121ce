import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realTool, TOOLS_DIR } from "./real-tools.js";

/**
 * Envoy's own validation rules, as test/envoy-validate applies them (built into .tools/ by
 * scripts/install/30-envoy-validate.sh): the v3 protos read strictly, every Any unpacked into its type,
 * and the protoc-gen-validate rules Envoy enforces at load. One process checks a whole batch.
 */
export interface EnvoyFindings {
  /** The name the document was given. */
  input: string;
  valid: boolean;
  /** What Envoy refuses the config for. */
  errors: string[];
  /** What Envoy loads the config with but logs (deprecated fields and enum values). */
  warnings: string[];
}

/** One bootstrap: its YAML (or JSON) text, as the sidecar reads it. */
export interface EnvoyDocument {
  name: string;
  text: string;
}

export type EnvoyValidator = (documents: readonly EnvoyDocument[]) => EnvoyFindings[];

export const ENVOY_VALIDATE = join(TOOLS_DIR, "envoy-validate", "envoy-validate");

/** The validator, or null (with realTool's skip line, or its failure in CI) when it is not built. */
export function envoyValidator(): EnvoyValidator | null {
  return realTool("envoy-validate (Envoy's validation rules)", existsSync(ENVOY_VALIDATE) ? validate : null);
}

/** A bootstrap object as a document: JSON is YAML too. */
export function envoyDocument(name: string, bootstrap: unknown): EnvoyDocument {
  return { name, text: JSON.stringify(bootstrap) };
}

function validate(documents: readonly EnvoyDocument[]): EnvoyFindings[] {
  if (documents.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "lane7-envoy-validate-"));
  try {
    const files = documents.map((document, index) => {
      const file = join(dir, `${String(index)}.yaml`);
      writeFileSync(file, document.text);
      return file;
    });
    const run = spawnSync(ENVOY_VALIDATE, files, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`envoy-validate exited ${String(run.status)}: ${run.stderr}`);
    }
    const lines = run.stdout.trimEnd().split("\n");
    if (lines.length !== documents.length) {
      throw new Error(`envoy-validate answered ${lines.length} lines for ${documents.length} documents`);
    }
    return lines.map((line, index) => ({
      ...(JSON.parse(line) as EnvoyFindings),
      input: documents[index]?.name ?? "",
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
