import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMP_PREFIX = ".lane7-tmp-";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * A fresh scratch path beside `target` (same parent, so the final rename stays on one file system):
 * `.lane7-tmp-<name>-<pid>-<random>`. The pid lets a later run tell a dead run's leftovers from a live run's.
 */
export function tempPathBeside(target: string): string {
  const name = `${TEMP_PREFIX}${basename(target)}-${process.pid}-${randomBytes(4).toString("hex")}`;
  return join(dirname(target), name);
}

/** Removes what an earlier, killed run left beside `target`; leaves alone the scratch of runs still alive. */
export async function removeStrayTemps(target: string): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(`${TEMP_PREFIX}${basename(target)}-`)}(\\d+)-[0-9a-f]{8}$`);
  const parent = dirname(target);
  for (const entry of await readdir(parent)) {
    const pid = pattern.exec(entry)?.[1];
    if (pid !== undefined && !isOtherLiveProcess(Number(pid))) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
}

function isOtherLiveProcess(pid: number): boolean {
  // Our own pid cannot have made it: this run has not created its scratch yet. (In a container every run
  // may have the same pid.)
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Paths to remove when the write fails or is interrupted; what is still listed at the end is removed too. */
export class Scratch {
  private readonly paths = new Set<string>();

  add(path: string): void {
    this.paths.add(path);
  }

  /** `path` is no longer scratch: it was renamed into place, or is to be kept. */
  keep(path: string): void {
    this.paths.delete(path);
  }

  removeAllSync(): void {
    for (const path of this.paths) rmSync(path, { recursive: true, force: true });
    this.paths.clear();
  }

  async removeAll(): Promise<void> {
    for (const path of this.paths) await rm(path, { recursive: true, force: true });
    this.paths.clear();
  }
}

/**
 * Runs `work` with a Scratch that is emptied whatever happens: on success, on error, and on SIGINT, SIGTERM
 * or SIGHUP, after which the signal is raised again so the process ends as it would have without lane7's
 * handler. Renames that must not be separated by a signal are done synchronously inside `work`.
 */
export async function withScratch<T>(work: (scratch: Scratch) => Promise<T>): Promise<T> {
  const scratch = new Scratch();
  const onSignal = (signal: NodeJS.Signals): void => {
    scratch.removeAllSync();
    stopListening();
    process.kill(process.pid, signal);
  };
  const stopListening = (): void => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await work(scratch);
  } finally {
    stopListening();
    await scratch.removeAll();
  }
}

/**
 * Creates the parent directory of `target` when it is missing. The directories lane7 creates are scratch
 * until the caller keeps them, so a failed run leaves no empty parents behind. Returns the first directory
 * created, if any.
 */
export async function ensureParent(target: string, scratch: Scratch): Promise<string | undefined> {
  const created = await mkdir(dirname(target), { recursive: true });
  if (created !== undefined) scratch.add(created);
  return created;
}
