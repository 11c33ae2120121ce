import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";

/** The file that marks a directory as a lane7 bundle (written by the blueprint renderer). */
export const BUNDLE_MARKER_FILE = "blueprint.yaml";

/**
 * True when `dir` holds a blueprint.yaml with `apiVersion: lane7/v1` and `kind: Blueprint`: the only kind
 * of directory lane7 will ever replace.
 */
export async function isLane7Bundle(dir: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(join(dir, BUNDLE_MARKER_FILE), "utf8");
  } catch {
    return false;
  }
  return isBlueprintDocument(text);
}

function isBlueprintDocument(text: string): boolean {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return false;
  }
  if (typeof value !== "object" || value === null) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return apiVersion === "lane7/v1" && kind === "Blueprint";
}
