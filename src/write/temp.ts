import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMP_PREFIX = ".lane7-tmp-";
const PREVIOUS_SUFFIX = ".previous";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * A fresh scratch path beside `target` (same parent, so the final rename stays on one file system):
 * `.lane7-tmp-<name>-<pid>-<random>`. The pid lets a later run tell a dead run's leftovers from a live run's.
 */
export function tempPathBeside(target: string): string {
  const name = `${TEMP_PREFIX}${basename(target)}-${process.pid}-${randomBytes(4).toString("hex")}`;
  return join(dirname(target), name);
}

/** Where a bundle being replaced is set aside: a scratch path marked as holding the previous bundle. */
export function previousPathBeside(target: string): string {
  return `${tempPathBeside(target)}${PREVIOUS_SUFFIX}`;
}

interface Stray {
  path: string;
  previous: boolean;
  changedAt: number;
}

/**
 * Clears what an earlier, killed run left beside `target`, leaving alone the scratch of runs still alive.
 * A run killed between the two renames of a swap leaves the previous bundle aside and nothing at `target`:
 * that copy is then the only one, so it is renamed back to `target`, never removed.
 */
export async function recoverStrays(target: string): Promise<void> {
  const strays = await deadRunStrays(target);
  const previous = strays.filter((stray) => stray.previous).sort((a, b) => b.changedAt - a.changedAt)[0];
  const restored = previous !== undefined && !(await exists(target));
  if (restored) await rename(previous.path, target);
  for (const stray of strays) {
    if (!(restored && stray === previous)) await rm(stray.path, { recursive: true, force: true });
  }
}

async function deadRunStrays(target: string): Promise<Stray[]> {
  const pattern = new RegExp(
    `^${escapeRegExp(`${TEMP_PREFIX}${basename(target)}-`)}(\\d+)-[0-9a-f]{8}(${escapeRegExp(PREVIOUS_SUFFIX)})?$`,
  );
  const parent = dirname(target);
  const strays: Stray[] = [];
  for (const entry of await entriesOf(parent)) {
    const match = pattern.exec(entry);
    if (match === null || isOtherLiveProcess(Number(match[1]))) continue;
    const path = join(parent, entry);
    strays.push({ path, previous: match[2] !== undefined, changedAt: (await lstat(path)).ctimeMs });
  }
  return strays;
}

/** The names in `dir`; none when it does not exist (yet). */
async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Whether `pid` is a live process other than this one (so its scratch is not to be removed). */
export function isOtherLiveProcess(pid: number): boolean {
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
