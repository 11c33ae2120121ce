import { dirname } from "node:path";
import { syncDirectory } from "./durable.js";
import { writeErrorFor } from "./errors.js";
import { ensureParent, recoverStrays, type Scratch, tempPathBeside, withScratch } from "./temp.js";

/**
 * The shape of every lane7 write: `build` makes the new file or directory at a scratch path beside
 * `target`, then `install` moves it into place. `install` is synchronous so that no signal handler runs
 * in the middle of it. Whatever fails, nothing new is left behind; file-system errors become WriteErrors.
 */
export async function writeAtomically(
  target: string,
  build: (temp: string) => Promise<void>,
  install: (temp: string, scratch: Scratch) => void,
): Promise<void> {
  try {
    await withScratch(async (scratch) => {
      const created = await ensureParent(target, scratch);
      await recoverStrays(target);
      const temp = tempPathBeside(target);
      scratch.add(temp);
      await build(temp);
      install(temp, scratch);
      scratch.keep(temp);
      if (created !== undefined) scratch.keep(created);
      await syncDirectory(dirname(target));
    });
  } catch (error) {
    throw writeErrorFor(target, error);
  }
}
