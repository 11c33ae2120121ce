import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { settled } from "../settled.js";
import { parse } from "yaml";
import { parseRecord } from "../render/record-schema.js";
import { RECORD_PATH, sha256, type BundleRecord } from "../render/record.js";

const BLUEPRINT_FILE = "blueprint.yaml";

/** A lane7 bundle's record, or why the tree is not a lane7 bundle. */
export type BundleCheck = { record: BundleRecord } | { problem: string };

/** How a bundle is looked into: a directory on disk, or the entries of a zip. */
export interface BundleReader {
  /** The file's bytes, or null when there is no regular file at `path`. */
  read(path: string): Promise<Buffer | null>;
  isRegularFile(path: string): Promise<boolean>;
}

/**
 * A tree is a lane7 bundle only when lane7 wrote it: its `.lane7/files.json` is a record, names the network
 * blueprint.yaml names, lists only files that are there (regular files), and blueprint.yaml is the one it
 * recorded. Only such a tree is ever replaced, or has its user-owned parts carried into a new composition.
 */
export async function checkBundle(reader: BundleReader): Promise<BundleCheck> {
  const recordBytes = await reader.read(RECORD_PATH);
  if (recordBytes === null) return { problem: `it has no ${RECORD_PATH}, the record lane7 writes` };
  const record = parseRecord(recordBytes.toString("utf8"));
  if (typeof record === "string") return { problem: `its ${RECORD_PATH} is ${record}` };
  const blueprint = await reader.read(BLUEPRINT_FILE);
  if (blueprint === null) return { problem: `it has no ${BLUEPRINT_FILE}` };
  const recorded = record.files.find((file) => file.path === BLUEPRINT_FILE);
  const asRecorded = recorded?.sha256 === sha256(blueprint);
  const network = networkNameOf(blueprint, asRecorded);
  if (network !== record.network) {
    return {
      problem: `its ${RECORD_PATH} is for the network ${JSON.stringify(record.network)}, its ${BLUEPRINT_FILE} for ${network === null ? "no lane7 network" : JSON.stringify(network)}`,
    };
  }
  if (!asRecorded) return { problem: `its ${BLUEPRINT_FILE} is not the one its ${RECORD_PATH} records` };
  for (const file of record.files) {
    if (!(await reader.isRegularFile(file.path))) {
      return { problem: `${file.path}, listed in its ${RECORD_PATH}, is missing or not a regular file` };
    }
  }
  return { record };
}

/** `checkBundle` of the directory `dir`. */
export function checkBundleDirectory(dir: string): Promise<BundleCheck> {
  return checkBundle({
    // Synchronously, as readOldDirectory reads the tree after it (it says why).
    read: (path) => settled(() => (isRegularFileAt(join(dir, path)) ? readFileSync(join(dir, path)) : null)),
    isRegularFile: (path) => settled(() => isRegularFileAt(join(dir, path))),
  });
}

function isRegularFileAt(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
}

/**
 * The network blueprint.yaml names. One lane7 wrote (`asRecorded`: the bytes its record holds the hash of)
 * names it before its `pods`, most of the file (800 KB for 1,000 pods, which took half a second to parse):
 * that head alone is parsed then, and the whole file only when the head does not say.
 */
function networkNameOf(blueprint: Buffer, asRecorded: boolean): string | null {
  const text = blueprint.toString("utf8");
  const pods = asRecorded ? text.indexOf(PODS_KEY) : -1;
  return (pods > 0 ? networkNameIn(text.slice(0, pods + 1)) : null) ?? networkNameIn(text);
}

/** Where blueprint.yaml's `pods` key starts (after the line break before it). */
const PODS_KEY = "\npods:";

function networkNameIn(text: string): string | null {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { apiVersion, kind, network } = value as Record<string, unknown>;
  if (apiVersion !== "lane7/v1" || kind !== "Blueprint" || typeof network !== "object" || network === null) {
    return null;
  }
  const { name } = network as Record<string, unknown>;
  return typeof name === "string" ? name : null;
}
