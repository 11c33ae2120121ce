import { UserError } from "../exit-codes.js";
import { splitAppPy } from "../render/app/sections.js";
import type { BundleFile } from "../render/file.js";
import { compareBytewise } from "../render/path-order.js";
import { generatedHash, isAppPy, RECORD_PATH, type RecordedFile } from "../render/record.js";
import { plural } from "../plural.js";
import { directoriesOf } from "../write/layout.js";
import type { CarriedEntry, CarriedFile } from "../write/carried.js";
import type { OldBundle } from "./old-bundle.js";
import { carrySectionOne, isStub } from "./section-one.js";

/** A new composition with what the user owns in an earlier bundle carried into it. */
export interface RecomposePlan {
  /** The generated files, each app.py holding the user's Section 1. */
  files: BundleFile[];
  /** The user's files, links and directories, and the `app.py.removed` of removed pods. */
  carried: CarriedEntry[];
  /** What the user must act on (hooks to reconcile, edited generated files replaced). */
  warnings: string[];
  /** What was done for them (a removed pod's code kept). */
  notes: string[];
}

/**
 * Carries the user's parts of `old` into the freshly composed `files` (see README, "Recompose"). Pure. When
 * something cannot be carried without losing or overwriting the user's work, nothing is planned: a
 * UserError lists every such path.
 */
export function planRecompose(old: OldBundle, files: readonly BundleFile[]): RecomposePlan {
  const recorded = new Map(old.record.files.map((file) => [file.path, file]));
  const refusals = unsplittableAppPys(old, recorded);
  if (refusals.length > 0) throw refusal(old, refusals);
  const plan: RecomposePlan = { files: [], carried: [], warnings: [], notes: [] };
  const generated = new Set(files.map((file) => file.path));
  for (const file of files) plan.files.push(withSectionOne(file, old, recorded.get(file.path), plan));
  plan.carried.push(...removedPods(old, generated, plan));
  plan.carried.push(...userEntries(old, recorded));
  const collisions = collisionsWith(generated, plan.carried);
  if (collisions.length > 0) throw refusal(old, collisions);
  const edited = editedGeneratedFiles(old, generated);
  if (edited.length > 0) plan.warnings.push(editedWarning(old, edited));
  plan.carried.sort((a, b) => compareBytewise(a.path, b.path));
  return plan;
}

/**
 * What of the carried entries goes into a zip: all but a `.git/` repository (a zip is something to hand
 * over; the history stays in the directory it belongs to).
 */
export function carriedIntoZip(carried: readonly CarriedEntry[]): CarriedEntry[] {
  return carried.filter((entry) => !entry.path.split("/").includes(".git"));
}

/** Old app.py files whose banners are gone: their Section 1 cannot be told from the rest. */
function unsplittableAppPys(old: OldBundle, recorded: ReadonlyMap<string, RecordedFile>): string[] {
  return [...recorded.keys()]
    .filter((path) => isAppPy(path) && splitAppPy(textOf(old, path)) === null)
    .map(
      (path) =>
        `${path}: its SECTION 1 and SECTION 2 banners are not both there (once each), so lane7 cannot tell your code from its own; restore them`,
    );
}

function withSectionOne(
  file: BundleFile,
  old: OldBundle,
  recorded: RecordedFile | undefined,
  plan: RecomposePlan,
): BundleFile {
  if (!isAppPy(file.path) || recorded?.section1 === undefined) return file;
  const outcome = carrySectionOne(file.content, textOf(old, file.path), recorded);
  if (outcome.kept === "inert") {
    const pod = podOf(file.path);
    plan.warnings.push(
      `${pod}: its hooks changed (${outcome.oldHooks.map(hookName).join(", ") || "none"} → ` +
        `${outcome.newHooks.map(hookName).join(", ") || "none"}): ${file.path} has the new stubs, and your ` +
        `previous Section 1 below them, commented out: reconcile ${outcome.newHooks.map(hookName).join(", ")}, then delete that block`,
    );
  }
  return { ...file, content: outcome.content };
}

/** The app.py of each removed pod whose Section 1 is the user's, kept as `app.py.removed`. */
function removedPods(old: OldBundle, generated: ReadonlySet<string>, plan: RecomposePlan): CarriedEntry[] {
  const kept: CarriedEntry[] = [];
  for (const file of old.record.files) {
    if (!isAppPy(file.path) || generated.has(file.path) || file.section1 === undefined) continue;
    const entry = old.entries.get(file.path) as CarriedFile;
    const sections = splitAppPy(textOf(old, file.path));
    if (sections === null || isStub(sections.section1, file)) continue;
    const path = `${file.path}.removed`;
    kept.push({ ...entry, path });
    plan.notes.push(
      `${podOf(file.path)} was removed: its app.py, with your Section 1, is kept as ${path} (yours now)`,
    );
  }
  return kept;
}

/** Everything in the old tree that lane7 did not generate, save the directories that only held its files. */
function userEntries(old: OldBundle, recorded: ReadonlyMap<string, RecordedFile>): CarriedEntry[] {
  const generatedDirectories = new Set(directoriesOf([...recorded.keys(), RECORD_PATH]));
  return [...old.entries.values()].filter((entry) =>
    entry.kind === "directory"
      ? !generatedDirectories.has(entry.path)
      : !recorded.has(entry.path) && entry.path !== RECORD_PATH,
  );
}

/** Carried paths that the new composition generates (or needs as a directory, or has as a file). */
function collisionsWith(generated: ReadonlySet<string>, carried: readonly CarriedEntry[]): string[] {
  const directories = new Set(directoriesOf([...generated]));
  const carriedFiles = new Set<string>();
  const found: string[] = [];
  for (const entry of carried) {
    const ancestors = directoriesOf([entry.path]);
    const clash =
      generated.has(entry.path) ||
      (entry.kind !== "directory" && directories.has(entry.path)) ||
      ancestors.some((directory) => generated.has(directory)) ||
      carriedFiles.has(entry.path);
    if (clash) found.push(`${entry.path}: yours, but lane7 now generates this path; rename or move it`);
    carriedFiles.add(entry.path);
  }
  return found;
}

/** Generated files of the old bundle the user edited (their hash is not the recorded one). */
function editedGeneratedFiles(old: OldBundle, generated: ReadonlySet<string>): string[] {
  return old.record.files.flatMap((file) => {
    if (file.sha256 === null) return [];
    const entry = old.entries.get(file.path);
    const content = entry?.kind === "file" ? entry.content : undefined;
    if (content === undefined || generatedHash(file.path, content) === file.sha256) return [];
    const part = isAppPy(file.path) ? " (outside Section 1)" : "";
    return [`${file.path}${part}${generated.has(file.path) ? "" : " (no longer generated: removed)"}`];
  });
}

function editedWarning(old: OldBundle, edited: readonly string[]): string {
  return (
    `${plural(edited.length, "generated file")} of ${old.label} had been edited and ` +
    `${edited.length === 1 ? "was" : "were"} composed anew, the edits dropped: ${edited.join(", ")}. ` +
    "Business logic belongs in Section 1 of app.py, extra Python packages in <pod>/app/requirements-user.txt"
  );
}

function refusal(old: OldBundle, problems: readonly string[]): UserError {
  return new UserError(
    `cannot carry the user-owned parts of ${old.label} into the new bundle, so nothing was written:\n` +
      problems.map((problem) => `  ${old.prefix}${problem}`).join("\n"),
  );
}

function textOf(old: OldBundle, path: string): string {
  const entry = old.entries.get(path);
  if (entry?.kind !== "file" || entry.content === undefined) {
    throw new Error(`planRecompose: ${path}, listed in the record, was not read`);
  }
  return entry.content.toString("utf8");
}

function podOf(path: string): string {
  return path.slice(0, path.indexOf("/"));
}

function hookName(signature: string): string {
  return signature.replace(/^async def /, "").replace(/\(.*$/s, "");
}
