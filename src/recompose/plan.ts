import { UserError } from "../exit-codes.js";
import { splitAppPy } from "../render/app/sections.js";
import type { OutputFile } from "../render/file.js";
import { compareBytewise } from "../render/path-order.js";
import { isAppPy, RECORD_PATH, type RecordedFile } from "../render/record.js";
import { plural } from "../plural.js";
import { directoriesOf } from "../write/layout.js";
import type { CarriedEntry, CarriedFile } from "../write/carried.js";
import type { OldBundle } from "./old-bundle.js";
import { carrySectionOne, isStub } from "./section-one.js";

/**
 * A new composition with what the user owns in an earlier bundle carried into it (see README,
 * "Recompose"), as its files are rendered: each app.py takes the user's Section 1 on its way to the
 * writers, and the user's entries are copied in after the generated files. When something cannot be
 * carried without losing or overwriting the user's work, the writers stop: a UserError lists every such
 * path, and nothing is written.
 */
export class Recomposition {
  /** What the user must act on (hooks to reconcile, edited generated files replaced). */
  readonly warnings: string[] = [];
  /** What was done for them (a removed pod's code kept). */
  readonly notes: string[] = [];
  private readonly recorded: ReadonlyMap<string, RecordedFile>;
  private readonly generated = new Set<string>();
  private entries: CarriedEntry[] | undefined;

  /** Refuses at once an earlier bundle with an app.py whose Section 1 cannot be told from the rest. */
  constructor(private readonly old: OldBundle) {
    this.recorded = new Map(old.record.files.map((file) => [file.path, file]));
    const refusals = unsplittableAppPys(old, this.recorded);
    if (refusals.length > 0) throw refusal(old, refusals);
  }

  /** The groups of the new composition, each app.py with the user's Section 1. */
  async *carryInto(groups: AsyncIterable<OutputFile[]>): AsyncGenerator<OutputFile[]> {
    for await (const group of groups) {
      for (const file of group) this.generated.add(file.path);
      yield group.map((file) => this.withSectionOne(file));
    }
  }

  /**
   * The user's files, links and directories, and the `app.py.removed` of removed pods, sorted: what is
   * copied in once every group has gone past. Throws the refusal when one of them is at a path that lane7
   * now generates.
   */
  carried(): readonly CarriedEntry[] {
    if (this.entries !== undefined) return this.entries;
    const { old, generated } = this;
    const carried = [...removedPods(old, generated, this.notes), ...userEntries(old, this.recorded)];
    const collisions = collisionsWith(generated, carried);
    if (collisions.length > 0) throw refusal(old, collisions);
    const edited = editedGeneratedFiles(old, generated);
    if (edited.length > 0) this.warnings.push(editedWarning(old, edited));
    this.entries = carried.sort((a, b) => compareBytewise(a.path, b.path));
    return this.entries;
  }

  private withSectionOne(file: OutputFile): OutputFile {
    const recorded = this.recorded.get(file.path);
    if (!isAppPy(file.path) || recorded?.section1 === undefined) return file;
    const generated = typeof file.content === "string" ? file.content : utf8.decode(file.content);
    const outcome = carrySectionOne(generated, textOf(this.old, file.path), recorded);
    if (outcome.kept === "inert") {
      const pod = podOf(file.path);
      this.warnings.push(
        `${pod}: its hooks changed (${outcome.oldHooks.map(hookName).join(", ") || "none"} → ` +
          `${outcome.newHooks.map(hookName).join(", ") || "none"}): ${file.path} has the new stubs, and your ` +
          `previous Section 1 below them, commented out: reconcile ${outcome.newHooks.map(hookName).join(", ")}, then delete that block`,
      );
    }
    // The file as rendered, when its Section 1 is the stub still: its bytes and zip data made already.
    return outcome.content === generated ? file : { ...file, content: outcome.content };
  }
}

const utf8 = new TextDecoder();

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

/** The app.py of each removed pod whose Section 1 is the user's, kept as `app.py.removed`. */
function removedPods(old: OldBundle, generated: ReadonlySet<string>, notes: string[]): CarriedEntry[] {
  const kept: CarriedEntry[] = [];
  for (const file of old.record.files) {
    if (!isAppPy(file.path) || generated.has(file.path) || file.section1 === undefined) continue;
    const entry = old.entries.get(file.path) as CarriedFile;
    const sections = splitAppPy(textOf(old, file.path));
    if (sections === null || isStub(sections.section1, file)) continue;
    const path = `${file.path}.removed`;
    kept.push({ ...entry, path });
    notes.push(
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

/** Generated files of the old bundle the user edited, in the record's order. */
function editedGeneratedFiles(old: OldBundle, generated: ReadonlySet<string>): string[] {
  return old.record.files.flatMap((file) => {
    if (!old.edited.has(file.path)) return [];
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
