import { resolve as resolvePath } from "node:path";
import { readValidNetwork } from "../cli/network-input.js";
import { loadRenderInputs } from "../cli/render-inputs.js";
import { composeNetwork } from "../composition.js";
import { readDirectorySide, readZipSide, sideKind } from "../diff/load-side.js";
import { SideError, type Side } from "../diff/side.js";
import { UserError } from "../exit-codes.js";
import type { Io } from "../io.js";
import type { BlueprintModel } from "../model/model.js";
import { blueprintModel } from "../run/load-bundle.js";

/** What `lane7 deploy` deploys: the network, and the text of each file of its bundle by path. */
export interface DeployBundle {
  /** The argument, as the user wrote it. */
  source: string;
  /** A bundle on disk has its own pinhole-setup.sh; a network file composed in memory has none. */
  composed: boolean;
  model: BlueprintModel;
  files: ReadonlyMap<string, string>;
  /** What compose would warn about (--images, --credentials), for a network file. */
  warnings: string[];
}

export interface BundleInputOptions {
  credentials?: string;
  images?: string;
}

/** A bundle directory, a bundle zip, or a network file composed in memory as `lane7 compose` would. */
export async function loadDeployBundle(
  argument: string,
  options: BundleInputOptions,
  io: Io,
): Promise<DeployBundle> {
  const path = resolvePath(io.cwd, argument);
  const kind = await sideKind(path, argument).catch(rethrowSide);
  if (kind === "file") return composedBundle(argument, options, io);
  if (options.credentials !== undefined || options.images !== undefined) {
    throw new UserError(
      `--credentials and --images apply to a network file; ${argument} is a composed bundle (compose it again with them)`,
    );
  }
  const side = await (
    kind === "directory" ? readDirectorySide(path, argument) : readZipSide(path, argument)
  ).catch(rethrowSide);
  const files = textFiles(side);
  const model = blueprintModel(files.get("blueprint.yaml") ?? "", `${argument}: blueprint.yaml`);
  return { source: argument, composed: false, model, files, warnings: [] };
}

async function composedBundle(argument: string, options: BundleInputOptions, io: Io): Promise<DeployBundle> {
  const network = await readValidNetwork(argument, io, "nothing was deployed");
  const inputs = await loadRenderInputs(options, io, network);
  const composition = composeNetwork(network, inputs.overrides);
  const files = new Map(composition.files().map((file) => [file.path, file.content]));
  return { source: argument, composed: true, model: composition.model, files, warnings: inputs.warnings };
}

function textFiles(side: Side): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, file] of side.files) if (!file.binary) files.set(path, file.content);
  return files;
}

function rethrowSide(error: unknown): never {
  throw error instanceof SideError ? new UserError(error.message) : error;
}
