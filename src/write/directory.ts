import { renameSync } from "node:fs";
import { join } from "node:path";
import type { OutputFile } from "../render/file.js";
import { flushTree, makeDirectorySync, makeProbedDirectory, writeNewFileSync } from "./durable.js";
import { writeAtomically } from "./atomic.js";
import type { CarriedEntry } from "./carried.js";
import { writeCarried } from "./carry-into.js";
import { WriteError } from "./errors.js";
import { directoriesOf } from "./layout.js";
import { recheckDirectoryTarget, type DirectoryTarget } from "./target.js";
import { previousPathBeside, type Scratch } from "./temp.js";

/** Called once each group's files are written (the whole bundle is flushed to the disk at the end). */
export type Progress = (group: readonly OutputFile[]) => void;

/** Groups of files as they arrive (rendered while the writer writes the groups before them). */
export type BundleGroups = Iterable<readonly OutputFile[]> | AsyncIterable<readonly OutputFile[]>;

export interface DirectoryWriteOptions {
  onProgress?: Progress;
  /**
   * The user's files of the bundle replaced (see Recomposition), copied in after the generated ones: asked
   * for once those are written.
   */
  carried?: () => readonly CarriedEntry[];
  /** Runs once the new bundle is complete on the disk, before it is renamed into place. */
  beforeInstall?: () => Promise<void>;
}

/**
 * Writes the bundle to `target.path` atomically: into a scratch directory beside it, flushed to the disk,
 * then renamed into place. An existing bundle is renamed aside first and removed last, so the path always
 * holds either the old bundle or the new one. On failure or interruption (of the writes or of the groups'
 * rendering) nothing new is left behind. Each group is written as it arrives and then let go: only the
 * count of files is kept. The carried entries are copied into the scratch directory before the swap, so
 * the old bundle is untouched until the new one, with them, is complete. Returns how many files it wrote.
 */
export async function writeBundleDirectory(
  groups: BundleGroups,
  target: DirectoryTarget,
  options: DirectoryWriteOptions = {},
): Promise<number> {
  let written = 0;
  let failed: { error: unknown } | undefined;
  const source = noting(groups, (error) => (failed = { error }));
  try {
    await writeAtomically(
      target.path,
      async (temp) => {
        written = await fillDirectory(temp, source, options.onProgress);
        await writeCarried(temp, options.carried?.() ?? []);
        await flushTree(temp);
        await options.beforeInstall?.();
        await assertUnchanged(target);
      },
      (temp, scratch) => {
        moveIntoPlace(temp, target.path, target.replaces === "bundle", scratch);
      },
    );
  } catch (error) {
    // The renderer's failure is not a write's: it goes on as it came (a lane7 bug is reported as one).
    if (failed !== undefined) throw failed.error;
    throw error;
  }
  return written;
}

/** The groups as they come, telling `failed` of a failure of theirs. */
async function* noting(
  groups: BundleGroups,
  failed: (error: unknown) => void,
): AsyncGenerator<readonly OutputFile[]> {
  try {
    yield* groups;
  } catch (error) {
    failed(error);
    throw error;
  }
}

/**
 * Writes the groups into `root` as they arrive. Each group's files are written at once, synchronously (see
 * makeDirectorySync), while the render workers go on with the next groups; flushTree flushes them all.
 */
async function fillDirectory(root: string, groups: BundleGroups, onProgress?: Progress): Promise<number> {
  const keepsMode = await makeProbedDirectory(root);
  const made = new Set<string>();
  let written = 0;
  for await (const group of groups) {
    for (const directory of directoriesOf(group.map((file) => file.path))) {
      if (made.has(directory)) continue;
      makeDirectorySync(join(root, directory), keepsMode);
      made.add(directory);
    }
    for (const file of group) writeNewFileSync(join(root, file.path), file.content, file.mode, keepsMode);
    written += group.length;
    onProgress?.(group);
  }
  return written;
}

/** The target was checked before the (possibly long) write; refuse if it has changed since. */
async function assertUnchanged(target: DirectoryTarget): Promise<void> {
  const now = await recheckDirectoryTarget(target.path, true);
  if (now.replaces !== target.replaces) {
    throw new WriteError(`${target.path} changed while lane7 was writing; nothing was replaced, run again`);
  }
}

/**
 * Synchronous on purpose: a signal handler cannot run between the renames, so an interrupt never finds the
 * old bundle aside and the new one not yet in place. Only SIGKILL (or a crash) can stop lane7 there; the
 * next run then puts the old bundle back (recoverStrays), recognising it by its `.previous` name.
 */
function moveIntoPlace(temp: string, target: string, replacing: boolean, scratch: Scratch): void {
  if (replacing) {
    const aside = previousPathBeside(target);
    renameSync(target, aside);
    scratch.add(aside);
    pauseForTests();
    try {
      renameSync(temp, target);
    } catch (error) {
      renameSync(aside, target);
      scratch.keep(aside);
      throw error;
    }
  } else {
    renameSync(temp, target);
  }
}

/**
 * Lets a test kill lane7 in the one moment the target path is missing (the old bundle aside, the new one
 * not yet in place): with LANE7_TEST_PAUSE_BETWEEN_RENAMES set, lane7 stops itself there (SIGSTOP).
 */
function pauseForTests(): void {
  if (process.env.LANE7_TEST_PAUSE_BETWEEN_RENAMES !== undefined) process.kill(process.pid, "SIGSTOP");
}
