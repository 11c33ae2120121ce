import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Io } from "../cli/io.js";
import { readValidNetwork } from "../cli/network-input.js";
import { lane7Version } from "../cli/version.js";
import { resolve } from "../model/resolve.js";
import { composeBundle } from "../render/bundle.js";
import { defaultRenderOptions } from "../render/defaults.js";
import { appFile, type LoadedBlueprint } from "./load-bundle.js";

/**
 * A network file, composed in memory as `lane7 compose` would; its app.py files are written to a
 * temporary directory that `dispose()` removes.
 */
export async function loadNetwork(file: string, io: Io): Promise<LoadedBlueprint> {
  const network = await readValidNetwork(file, io, "nothing was run");
  const model = resolve(network);
  const files = composeBundle(model, defaultRenderOptions(lane7Version()));
  const root = await mkdtemp(join(tmpdir(), `lane7-run-${model.name}-`));
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
  return { model, root, dispose: () => rm(root, { recursive: true, force: true }) };
}
