import { chmod, mkdir, open, type FileHandle } from "node:fs/promises";

/**
 * Writes a new file with exactly `mode` (set by chmod, so the umask has no say) and flushes it to the disk
 * before returning: a bundle renamed into place never holds a half-written file after a crash.
 */
export async function writeFileDurably(
  path: string,
  content: string | Uint8Array,
  mode: number,
): Promise<void> {
  const handle = await open(path, "wx", mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates a directory with mode 0755 regardless of the umask. */
export async function makeDirectory(path: string): Promise<void> {
  await mkdir(path);
  await chmod(path, 0o755);
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

/**
 * Runs `task` over `items` with at most `limit` at a time (tens of thousands of files, bounded handles).
 * On a failure no new task starts, and it rejects only once the running ones have settled, so the caller
 * can clean up without a task still writing behind its back.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
