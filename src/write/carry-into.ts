import { constants } from "node:fs";
import { chmod, copyFile, lutimes, mkdir, symlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import type { CarriedEntry } from "./carried.js";
import { mapLimited } from "../task-pool.js";
import { writeNewFileSync } from "./durable.js";
import { directoriesOf } from "./layout.js";

const PARALLEL_COPIES = 16;

/**
 * Writes the carried entries into `root` (the scratch directory of a bundle, its generated files written
 * already): directories first, then files (copied, reflinked where the file system can) and links, then the
 * directories' own modes and times, deepest first, so a read-only directory is filled before it is closed.
 * Nothing is flushed here: the bundle's writer flushes the whole tree before it is renamed into place.
 */
export async function writeCarried(root: string, entries: readonly CarriedEntry[]): Promise<void> {
  const directories = entries.filter((entry) => entry.kind === "directory");
  const needed = new Set([
    ...directoriesOf(entries.map((entry) => entry.path)),
    ...directories.map((d) => d.path),
  ]);
  for (const directory of [...needed].sort()) await mkdir(join(root, directory), { recursive: true });
  await mapLimited(
    entries.filter((entry) => entry.kind !== "directory"),
    PARALLEL_COPIES,
    (entry) => writeEntry(root, entry),
  );
  for (const directory of [...directories].reverse()) {
    const path = join(root, directory.path);
    await chmod(path, directory.mode);
    if (directory.mtime !== undefined) await utimes(path, directory.mtime, directory.mtime);
  }
}

async function writeEntry(root: string, entry: CarriedEntry): Promise<void> {
  const path = join(root, entry.path);
  if (entry.kind === "symlink") {
    await symlink(entry.target, path);
    if (entry.mtime !== undefined) await lutimes(path, entry.mtime, entry.mtime);
    return;
  }
  if (entry.kind !== "file") return;
  if (entry.content !== undefined) {
    writeNewFileSync(path, entry.content, entry.mode);
  } else if (entry.source !== undefined) {
    await copyFile(entry.source, path, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    await chmod(path, entry.mode);
  } else {
    throw new Error(`writeCarried: ${entry.path} has neither content nor a source`);
  }
  if (entry.mtime !== undefined) await utimes(path, entry.mtime, entry.mtime);
}
