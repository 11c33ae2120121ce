import { renameSync } from "node:fs";
import { join } from "node:path";
import type { OutputFile } from "../render/file.js";
import { forEachLimited, makeDirectory, syncDirectory, writeFileDurably } from "./durable.js";
import { writeAtomically } from "./atomic.js";
import type { CarriedEntry } from "./carried.js";
import { writeCarried } from "./carry-into.js";
import { WriteError } from "./errors.js";
import { directoriesOf } from "./layout.js";
import { recheckDirectoryTarget, type DirectoryTarget } from "./target.js";
import { previousPathBeside, type Scratch } from "./temp.js";

/** Called after each file written: how many so far, of how many. */
export type Progress = (written: number, total: number) => void;

const PARALLEL_WRITES = 32;

/**
 * Writes the bundle to `target.path` atomically: into a scratch directory beside it, flushed to the disk,
 * then renamed into place. An existing bundle is renamed aside first and removed last, so the path always
 * holds either the old bundle or the new one. On failure or interruption nothing new is left behind. The
 * `carried` entries (the user's files of the bundle replaced, see planRecompose) are copied into the scratch
 * directory before the swap, so the old bundle is untouched until the new one, with them, is complete.
 */
export async function writeBundleDirectory(
  files: readonly OutputFile[],
  target: DirectoryTarget,
  onProgress?: Progress,
  carried: readonly CarriedEntry[] = [],
): Promise<void> {
  await writeAtomically(
    target.path,
    async (temp) => {
      await fillDirectory(temp, files, onProgress);
      await writeCarried(temp, carried);
      await syncDirectory(temp);
      await assertUnchanged(target);
    },
    (temp, scratch) => {
      moveIntoPlace(temp, target.path, target.replaces === "bundle", scratch);
    },
  );
}

async function fillDirectory(
  root: string,
  files: readonly OutputFile[],
  onProgress?: Progress,
): Promise<void> {
  const directories = directoriesOf(files.map((file) => file.path));
  await makeDirectory(root);
  for (const directory of directories) await makeDirectory(join(root, directory));
  let written = 0;
  await forEachLimited(files, PARALLEL_WRITES, async (file) => {
    await writeFileDurably(join(root, file.path), file.content, file.mode);
    onProgress?.(++written, files.length);
  });
  for (const directory of directories.reverse()) await syncDirectory(join(root, directory));
  await syncDirectory(root);
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
