import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Composition } from "../composition.js";
import { isOtherLiveProcess } from "../write/temp.js";
import { appFile, type LoadedBlueprint } from "./load-bundle.js";

const RUN_DIR_PREFIX = "lane7-run-";

/**
 * A network composed in memory as `lane7 compose` would; its app.py files are written to a
 * temporary directory, `lane7-run-<pid>-<name>-<random>`, that `dispose()` removes. A run that could not
 * and, should lane7 exit without it (a closed pipe ends lane7 with process.exit), an exit handler. Only a
 * killed run leaves it behind: the next run removes those whose pid is dead.
 */
export async function loadComposition(composition: Composition): Promise<LoadedBlueprint> {
  const { model } = composition;
  const files = composition.files();
  await removeStaleRunDirectories();
  const root = await mkdtemp(join(tmpdir(), `${RUN_DIR_PREFIX}${process.pid}-${model.name}-`));
  try {
    for (const pod of model.pods) {
      const path = `${pod.id}/app/app.py`;
      const app = files.find((bundleFile) => bundleFile.path === path);
      if (!app) throw new Error(`composeBundle produced no ${path}`);
      await mkdir(dirname(appFile(root, pod.id)), { recursive: true });
      await writeFile(appFile(root, pod.id), app.content, { mode: 0o644 });
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const onExit = (): void => {
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  const dispose = async (): Promise<void> => {
    process.removeListener("exit", onExit);
    await rm(root, { recursive: true, force: true });
  };
  return { model, root, dispose };
}

/** Network names start with a letter, so `lane7-run-<digits>-` is always a pid. */
async function removeStaleRunDirectories(): Promise<void> {
  const pattern = new RegExp(`^${RUN_DIR_PREFIX}(\\d+)-`);
  for (const entry of await readdir(tmpdir())) {
    const pid = pattern.exec(entry)?.[1];
    if (pid !== undefined && !isOtherLiveProcess(Number(pid))) {
      await rm(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}
