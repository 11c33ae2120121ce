import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { chmod, lstat, mkdir, open, readdir, type FileHandle } from "node:fs/promises";
import { join, sep } from "node:path";
import { mapLimited } from "../task-pool.js";

const DIRECTORY_MODE = 0o755;

/**
 * Whether an entry created with `mode` gets exactly that mode as created, so needs no chmod. The umask, or
 * a default ACL of the parent directory (which takes the umask's place), may take bits away.
 */
export type KeepsMode = (mode: number) => boolean;

/** For a file whose directory was not probed: always chmod. */
const UNPROBED: KeepsMode = () => false;

/**
 * Creates the directory `path` with mode 0755 regardless of the umask, and returns what it showed of the
 * entries to be created in it: a new directory inherits its parent's default ACL, so everything created
 * below `path` is masked as `path` itself was. Created as 0755 (never wider, so no one else can write into it
 * even for a moment), it tells only about the bits of 0755: any mode within them is kept when `path` was.
 */
export async function makeProbedDirectory(path: string): Promise<KeepsMode> {
  await mkdir(path, DIRECTORY_MODE);
  const created = (await lstat(path)).mode & 0o7777;
  if (created !== DIRECTORY_MODE) {
    await chmod(path, DIRECTORY_MODE);
    return UNPROBED;
  }
  return (mode) => (mode & ~DIRECTORY_MODE) === 0;
}

/**
 * Creates a directory with mode 0755 regardless of the umask (chmod only where `keepsMode` says it is
 * needed). Synchronously: the bundle's own files are written by the thread that has them, since a round
 * trip through Node's thread pool for each step of each file cost more than the steps themselves.
 */
export function makeDirectorySync(path: string, keepsMode: KeepsMode = UNPROBED): void {
  mkdirSync(path, DIRECTORY_MODE);
  if (!keepsMode(DIRECTORY_MODE)) chmodSync(path, DIRECTORY_MODE);
}

/**
 * Writes a new file with exactly `mode` (as writeFileDurably does), synchronously (as makeDirectorySync
 * says why), and without flushing it: flushTree flushes the whole bundle before it is renamed into place.
 */
export function writeNewFileSync(
  path: string,
  content: string | Uint8Array,
  mode: number,
  keepsMode: KeepsMode = UNPROBED,
): void {
  const fd = openSync(path, "wx", mode);
  try {
    if (!keepsMode(mode)) fchmodSync(fd, mode);
    writeFileSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** Files flushed at once where the file system cannot be flushed whole. */
const PARALLEL_FLUSHES = 16;

/**
 * Flushes everything under `root` to the disk, so that once it is renamed into place a crash cannot leave
 * a half-written file: one syncfs(2) of its file system (`sync -f`, from coreutils or BusyBox), which took
 * 0.1 s where flushing each of 6,000 files took 1 to 4 s; where that command is missing or refuses (macOS,
 * Windows), each file and then each directory, deepest first, is flushed on its own.
 */
export async function flushTree(root: string): Promise<void> {
  const { spawnSync } = await import("node:child_process");
  if (spawnSync("sync", ["-f", root], { stdio: "ignore" }).status === 0) return;
  const { files, directories } = await treeOf(root);
  await mapLimited(files, PARALLEL_FLUSHES, syncFileAt);
  for (const directory of directories) await syncDirectory(directory);
}

/** The regular files under `root`, and its directories (itself among them), deepest first. */
async function treeOf(root: string): Promise<{ files: string[]; directories: string[] }> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const pathOf = (entry: (typeof entries)[number]) => join(entry.parentPath, entry.name);
  const directories = [root, ...entries.filter((entry) => entry.isDirectory()).map(pathOf)];
  const depth = (path: string) => path.split(sep).length;
  return {
    files: entries.filter((entry) => entry.isFile()).map(pathOf),
    directories: directories.sort((a, b) => depth(b) - depth(a)),
  };
}

async function syncFileAt(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a new file with exactly `mode` (set by chmod where `keepsMode` cannot vouch for the mode it is
 * created with, so the umask has no say) and flushes it to the disk before returning: a bundle renamed into
 * place never holds a half-written file after a crash.
 */
export async function writeFileDurably(
  path: string,
  content: string | Uint8Array,
  mode: number,
  keepsMode: KeepsMode = UNPROBED,
): Promise<void> {
  const handle = await open(path, "wx", mode);
  try {
    if (!keepsMode(mode)) await handle.chmod(mode);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries (new names, renames) to the disk. Best effort: some platforms and file
 * systems (Windows, some network mounts) cannot open or sync a directory, and the write is still atomic.
 */
export async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (isUnsupported(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EISDIR" || code === "EINVAL" || code === "ENOTSUP" || code === "EPERM";
}
