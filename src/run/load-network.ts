import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { UserError } from "../cli/exit-codes.js";
import { formatFindingsHuman, formatSummary } from "../cli/format/findings-human.js";
import { totals, type FileResult } from "../cli/format/validation-result.js";
import { styleFor, wantsColor, type Io } from "../cli/io.js";
import { lane7Version } from "../cli/version.js";
import { resolve } from "../model/resolve.js";
import { InputError, readNetworkFile } from "../parse/read.js";
import { composeBundle } from "../render/bundle.js";
import { defaultRenderOptions } from "../render/defaults.js";
import { validateText } from "../validate/validate.js";
import { appFile, type LoadedBlueprint } from "./load-bundle.js";

/**
 * A network file, composed in memory as `lane7 compose` would; its app.py files are written to a
 * temporary directory that `dispose()` removes.
 */
export async function loadNetwork(file: string, io: Io): Promise<LoadedBlueprint> {
  let text: string;
  try {
    text = await readNetworkFile(file);
  } catch (error) {
    if (error instanceof InputError) throw new UserError(`${file}: ${error.message}`);
    throw error;
  }
  const validation = validateText(file, text);
  const style = styleFor(wantsColor(io, io.stderr));
  const result: FileResult = { file, text, findings: validation.findings };
  if (validation.findings.length > 0) io.stderr.write(formatFindingsHuman([result], style));
  if (!validation.ok) {
    io.stderr.write(formatSummary(totals([result]), style));
    throw new UserError(`${file} is not a valid network: nothing was run`);
  }
  const model = resolve(validation.network);
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
