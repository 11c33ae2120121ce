import { chmod, lstat, mkdir, open, type FileHandle } from "node:fs/promises";

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

/** Creates a directory with mode 0755 regardless of the umask (chmod only where `keepsMode` says it is needed). */
export async function makeDirectory(path: string, keepsMode: KeepsMode = UNPROBED): Promise<void> {
  await mkdir(path, DIRECTORY_MODE);
  if (!keepsMode(DIRECTORY_MODE)) await chmod(path, DIRECTORY_MODE);
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
