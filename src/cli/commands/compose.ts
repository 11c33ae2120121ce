import { isAbsolute, relative, resolve as resolvePath } from "node:path";
import { composeNetwork } from "../../composition.js";
import { CERTIFICATE_AUTHORITY_FILE } from "../../render/conventions.js";
import type { OutputFile } from "../../render/file.js";
import type { CarriedEntry } from "../../write/carried.js";
import type { NetworkDescription } from "../../spec/network.js";
import { writeBundleDirectory, type Progress } from "../../write/directory.js";
import { WriteError } from "../../write/errors.js";
import { SharedPass } from "../../write/shared-pass.js";
import {
  checkDirectoryTarget,
  checkDisjoint,
  checkZipTarget,
  type DirectoryTarget,
  type ZipTarget,
} from "../../write/target.js";
import { writeZipBytes, writeZipFile, zipBundle } from "../../write/zip.js";
import { EXIT, UserError, type ExitCode } from "../../exit-codes.js";
import { styleFor, wantsColor, writeWarnings, type Io } from "../../io.js";
import { readOldBundle, readOldDirectory, type OldBundle } from "../../recompose/old-bundle.js";
import { carriedIntoZip, Recomposition } from "../../recompose/plan.js";
import { InvalidNetworkError, readValidNetwork } from "../network-input.js";
import type { ComposeCliOptions } from "../program.js";
import { loadRenderInputs } from "../render-inputs.js";
import { checkDrift } from "./compose-check.js";
import { terminalSafe } from "../../control-characters.js";
import { plural } from "../../plural.js";

/** Networks larger than this show progress on a terminal. */
const PROGRESS_MIN_PODS = 50;

/**
 * `lane7 compose`: validate, then write the bundle directory and/or zip. An invalid network prints its
 * findings and writes nothing (exit 1); a refused or failed write exits 2. stdout stays empty.
 */
export async function runCompose(network: string, options: ComposeCliOptions, io: Io): Promise<ExitCode> {
  const style = styleFor(wantsColor(io, io.stderr));
  let description: NetworkDescription;
  try {
    description = await readValidNetwork(network, io, "nothing was written");
  } catch (error) {
    if (!(error instanceof InvalidNetworkError)) throw error;
    io.stderr.write(`lane7: ${terminalSafe(error.message)}\n`);
    return EXIT.findings;
  }
  const inputs = await loadRenderInputs(options, io, description);
  const composition = composeNetwork(description, inputs.overrides);
  const { model } = composition;
  if (options.check) {
    if (options.from !== undefined)
      throw new UserError("--from has no use with --check, which writes nothing");
    return checkDrift(network, model.name, composition.files(), options, io, style);
  }
  const targets = await writing(() => checkTargets(model.name, options, io.cwd));
  const old = await oldBundle(options, targets, io.cwd);
  const recomposition = old && new Recomposition(old);
  writeWarnings(io, inputs.warnings);
  const progress = model.pods.length > PROGRESS_MIN_PODS && io.stderr.isTTY === true;
  if (progress) io.stderr.write(`composing ${model.pods.length} pods…\n`);
  const bundle = { name: model.name, holdsCredentials: inputs.holdsCredentials };
  const podIds = model.pods.map((pod) => pod.id);
  const onProgress = progress ? progressOn(io, podIds) : undefined;
  const fileCount = await writing(() => {
    const groups = composition.groups(targets.zip !== undefined);
    return recomposition === undefined
      ? writeTargets(groups, bundle, targets, { onProgress })
      : writeTargets(recomposition.carryInto(groups), bundle, targets, {
          onProgress,
          carried: () => recomposition.carried(),
        });
  });
  writeWarnings(io, recomposition?.warnings ?? []);
  for (const note of recomposition?.notes ?? []) io.stderr.write(`lane7: ${note}\n`);
  const summary = `${plural(model.pods.length, "pod")}, ${plural(fileCount, "file")}`;
  const zipNote =
    targets.zip && bundle.holdsCredentials
      ? `; ${displayPath(targets.zip.path, io.cwd)} holds credentials: mode 0600`
      : "";
  io.stderr.write(`wrote ${describeTargets(targets, io.cwd)} (${summary}${zipNote})\n`);
  if (model.security.profile === "open-mtls") io.stderr.write(`lane7: ${CERT_MANAGER_NOTE}\n`);
  return EXIT.ok;
}

/** What the open-mtls profile needs in the cluster before the bundle deploys. */
const CERT_MANAGER_NOTE =
  "the open-mtls profile needs cert-manager in the cluster (its workload certificates come from it): " +
  `deploy.sh checks for it, then applies ${CERTIFICATE_AUTHORITY_FILE} before any pod`;

interface Targets {
  directory?: DirectoryTarget;
  zip?: ZipTarget;
}

/** Both targets are checked before anything is written, so a refused zip leaves no new directory behind. */
async function checkTargets(name: string, options: ComposeCliOptions, cwd: string): Promise<Targets> {
  const out = options.out ?? (options.zip === undefined ? name : undefined);
  const directory =
    out === undefined ? undefined : await checkDirectoryTarget(resolvePath(cwd, out), options.force === true);
  const zip =
    options.zip === undefined
      ? undefined
      : await checkZipTarget(resolvePath(cwd, options.zip), options.force === true);
  if (directory && zip) checkDisjoint(directory.path, zip.path);
  return { ...(directory && { directory }), ...(zip && { zip }) };
}

/**
 * The earlier bundle whose user-owned parts go into the new one: the bundle directory being recomposed, or
 * the one `--from` names (for a zip, or a new directory); none for a fresh composition.
 */
async function oldBundle(
  options: ComposeCliOptions,
  targets: Targets,
  cwd: string,
): Promise<OldBundle | undefined> {
  const replaced = targets.directory?.replaces === "bundle" ? targets.directory : undefined;
  if (options.from !== undefined) {
    if (replaced) {
      throw new UserError(
        `--from and -o ${displayPath(replaced.path, cwd)}, which holds a bundle: recomposing it with --force ` +
          "keeps what is yours in it already; drop --from, or write to another directory",
      );
    }
    return readOldBundle(resolvePath(cwd, options.from), options.from);
  }
  if (replaced?.record === undefined) return undefined;
  return readOldDirectory(replaced.path, `${displayPath(replaced.path, cwd)}/`, replaced.record);
}

/**
 * Renders and writes the bundle in one pass over its groups; returns how many files it has. The directory
 * writer writes each group, and the zip takes it in, while the next renders; the zip is written before the
 * new directory is renamed into place, so a failed zip leaves no new directory behind.
 */
async function writeTargets(
  groups: AsyncIterable<OutputFile[]>,
  bundle: { name: string; holdsCredentials: boolean },
  targets: Targets,
  options: { onProgress?: Progress | undefined; carried?: () => readonly CarriedEntry[] },
): Promise<number> {
  const { directory, zip } = targets;
  const { onProgress, carried = () => [] } = options;
  const carriedInZip = () => carriedIntoZip(carried());
  if (directory === undefined) {
    let count = 0;
    const counted = (async function* () {
      for await (const group of groups) {
        count += group.length;
        yield group;
      }
    })();
    if (zip) await writeZipFile(counted, bundle.name, zip, bundle.holdsCredentials, carriedInZip);
    return count;
  }
  if (zip === undefined) return writeBundleDirectory(groups, directory, { onProgress, carried });
  const pass = new SharedPass(groups);
  const zipped = zipBundle(pass.follower(), bundle.name, carriedInZip);
  zipped.catch((error: unknown) => {
    pass.stop(error);
  });
  return writeBundleDirectory(pass.leader(), directory, {
    onProgress,
    carried,
    beforeInstall: async () => writeZipBytes(await zipped, zip, bundle.holdsCredentials),
  });
}

/** Refused and failed writes are the user's to fix (exit 2 with the message), not lane7 bugs. */
async function writing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WriteError) throw new UserError(error.message);
    throw error;
  }
}

/** Pods written of all: a pod counts once every file of its directory is written and flushed. */
function progressOn(io: Io, podIds: readonly string[]): Progress {
  const pods = new Set(podIds);
  let written = 0;
  let shown = -1;
  return (group) => {
    for (const file of group) {
      const top = file.path.slice(0, file.path.indexOf("/"));
      if (pods.delete(top)) written++;
    }
    const percent = Math.floor((written * 100) / podIds.length);
    if (percent === shown) return;
    shown = percent;
    const last = written === podIds.length;
    io.stderr.write(`\rwriting ${written}/${podIds.length} pods (${percent}%)${last ? "\n" : ""}`);
  };
}

function describeTargets(targets: Targets, cwd: string): string {
  const shown = [
    ...(targets.directory ? [`${displayPath(targets.directory.path, cwd)}/`] : []),
    ...(targets.zip ? [displayPath(targets.zip.path, cwd)] : []),
  ];
  return shown.join(" and ");
}

function displayPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}
