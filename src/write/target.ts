import type { Stats } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import type { BundleRecord } from "../render/record.js";
import { checkBundleDirectory } from "./bundle-marker.js";
import { WriteError, writeErrorFor } from "./errors.js";
import { recoverStrays } from "./temp.js";

/** What writing a bundle directory to `path` will replace; checked before anything is written. */
export interface DirectoryTarget {
  path: string;
  replaces: "nothing" | "empty-directory" | "bundle";
  /** The record of the bundle being replaced: what in it lane7 generated (the rest is the user's). */
  record?: BundleRecord;
}

/** What writing a zip to `path` will replace. */
export interface ZipTarget {
  path: string;
  replaces: "nothing" | "zip";
}

/**
 * Decides whether a bundle may be written to `path` (absolute). An empty directory is used as is; an
 * existing bundle (see checkBundle) is recomposed only with `force`; anything else is refused and left untouched. First, a
 * bundle that a killed run had set aside is put back (see recoverStrays), so the decision sees it.
 */
export async function checkDirectoryTarget(path: string, force: boolean): Promise<DirectoryTarget> {
  return inspecting(path, async () => {
    await recoverStrays(path);
    return inspectDirectory(path, force);
  });
}

/** The same decision again, once this run's scratch is beside `path` (so nothing is recovered). */
export async function recheckDirectoryTarget(path: string, force: boolean): Promise<DirectoryTarget> {
  return inspecting(path, () => inspectDirectory(path, force));
}

async function inspectDirectory(path: string, force: boolean): Promise<DirectoryTarget> {
  const stats = await statOrNull(path);
  if (stats === null) return { path, replaces: "nothing" };
  refuseIfNotReal(path, stats, "directory");
  if ((await readdir(path)).length === 0) return { path, replaces: "empty-directory" };
  const bundle = await checkBundleDirectory(path);
  if ("problem" in bundle) {
    throw new WriteError(
      `${path} exists and is not a lane7 bundle (${bundle.problem}); ` +
        `lane7 never replaces it: choose another directory with -o`,
    );
  }
  if (!force) throw new WriteError(`${path} already holds a lane7 bundle; pass --force to recompose it`);
  return { path, replaces: "bundle", record: bundle.record };
}

/** Decides whether a zip may be written to `path` (absolute): an existing zip is replaced only with `force`. */
export async function checkZipTarget(path: string, force: boolean): Promise<ZipTarget> {
  return inspecting(path, () => inspectZip(path, force));
}

async function inspectZip(path: string, force: boolean): Promise<ZipTarget> {
  const stats = await statOrNull(path);
  if (stats === null) return { path, replaces: "nothing" };
  refuseIfNotReal(path, stats, "file");
  if (!(await startsLikeZip(path))) {
    throw new WriteError(
      `${path} exists and is not a zip file; lane7 never replaces it: choose another --zip path`,
    );
  }
  if (!force) throw new WriteError(`${path} already exists; pass --force to replace it`);
  return { path, replaces: "zip" };
}

/** The zip must not be written inside the bundle directory, which is replaced as a whole. */
export function checkDisjoint(directory: string, zip: string): void {
  const inside = relative(directory, zip);
  const outside = inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  if (!outside) {
    throw new WriteError(
      `the zip ${zip} would be inside the bundle directory ${directory}; write it elsewhere`,
    );
  }
}

/** File-system failures while inspecting a target (permission denied, …) become WriteErrors. */
async function inspecting<T>(path: string, inspect: () => Promise<T>): Promise<T> {
  try {
    return await inspect();
  } catch (error) {
    throw writeErrorFor(path, error);
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function refuseIfNotReal(path: string, stats: Stats, want: "directory" | "file"): void {
  if (stats.isSymbolicLink()) {
    throw new WriteError(`${path} is a symbolic link; lane7 does not write through or replace links`);
  }
  const isWanted = want === "directory" ? stats.isDirectory() : stats.isFile();
  if (!isWanted) throw new WriteError(`${path} exists and is not a ${want}; lane7 does not replace it`);
}

const ZIP_SIGNATURES = ["504b0304", "504b0506"]; // a local file header; the end record of an empty zip

async function startsLikeZip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && ZIP_SIGNATURES.includes(buffer.toString("hex"));
  } finally {
    await handle.close();
  }
}
