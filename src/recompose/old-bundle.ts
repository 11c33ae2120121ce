import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { settled } from "../settled.js";
import { readZipTree, sideKind } from "../diff/load-side.js";
import { SideError } from "../diff/side.js";
import { UserError } from "../exit-codes.js";
import { generatedHash, isAppPy, type BundleRecord, type RecordedFile } from "../render/record.js";
import { checkBundle, checkBundleDirectory } from "../write/bundle-marker.js";
import type { CarriedEntry, CarriedFile } from "../write/carried.js";

/** An earlier bundle: its record, and everything in its tree (the bytes of what the record lists). */
export interface OldBundle {
  /** How the user named it, for messages. */
  label: string;
  /** What goes before a path in it, in messages: `out/`, `out.zip:`. */
  prefix: string;
  record: BundleRecord;
  /** Every file, link and directory of the tree by path; each app.py the record lists has `content`. */
  entries: ReadonlyMap<string, CarriedEntry>;
  /** The generated files the record lists whose bytes are not the recorded ones: the user edited them. */
  edited: ReadonlySet<string>;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** The bundle `path` names (a directory or a zip), or a UserError saying why it is not one. */
export async function readOldBundle(path: string, label: string): Promise<OldBundle> {
  const kind = await sideKind(path, label).catch((error: unknown) => {
    throw error instanceof SideError ? new UserError(`--from ${error.message}`) : error;
  });
  if (kind === "directory") {
    const check = await checkBundleDirectory(path);
    if ("problem" in check) throw notABundle(label, check.problem);
    return readOldDirectory(path, label, check.record);
  }
  if (kind === "zip") return readOldZip(path, label);
  throw new UserError(`--from ${label}: neither a bundle directory nor a bundle zip`);
}

function notABundle(label: string, problem: string): UserError {
  return new UserError(`--from ${label}: not a lane7 bundle (${problem}); nothing was written`);
}

/**
 * The tree of the bundle directory `dir`, links not followed; of the generated files, only each app.py
 * is kept in memory (for its Section 1), the others are read to tell whether they were edited. Read
 * synchronously: for a bundle of thousands of small files, a round trip through Node's thread pool for
 * each step cost more than the reading (6 s against under 1 for 1,000 pods, measured).
 */
export function readOldDirectory(dir: string, label: string, record: BundleRecord): Promise<OldBundle> {
  const listed = new Map(record.files.map((file) => [file.path, file]));
  const prefix = label.endsWith("/") ? label : `${label}/`;
  const entries = new Map<string, CarriedEntry>();
  const edited = new Set<string>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = relative === "" ? name : `${relative}/${name}`;
      const source = join(dir, path);
      const info = lstatSync(source);
      const mtime = info.mtime;
      if (info.isDirectory()) {
        entries.set(path, { kind: "directory", path, mode: info.mode & 0o777, mtime });
        walk(path);
      } else if (info.isSymbolicLink()) {
        entries.set(path, { kind: "symlink", path, target: readlinkSync(source), mtime });
      } else if (info.isFile()) {
        const file: CarriedFile = { kind: "file", path, mode: info.mode & 0o777, mtime, source };
        const generated = listed.get(path);
        if (generated !== undefined && generated.sha256 !== null) {
          const content = readFileSync(source);
          if (isEdited(generated, content)) edited.add(path);
          if (isAppPy(path)) file.content = content;
        }
        entries.set(path, file);
      } else {
        throw new UserError(
          `${prefix}${path} is not a file, directory or symbolic link; lane7 cannot carry it into the new bundle: move it out and run again`,
        );
      }
    }
  };
  return settled(() => {
    walk("");
    return { label, prefix, record, entries, edited };
  });
}

async function readOldZip(path: string, label: string): Promise<OldBundle> {
  const tree = await readZipTree(path, label).catch((error: unknown) => {
    throw error instanceof SideError ? new UserError(`--from ${error.message}`) : error;
  });
  const entries = new Map<string, CarriedEntry>();
  for (const [name, item] of tree) {
    if (!isPlainRelative(name)) {
      throw new UserError(
        `--from ${label}: the zip holds the entry ${JSON.stringify(name)}, outside its bundle`,
      );
    }
    if ((item.unixMode & S_IFMT) === S_IFLNK) {
      entries.set(name, { kind: "symlink", path: name, target: item.bytes.toString("utf8") });
    } else {
      entries.set(name, {
        kind: "file",
        path: name,
        mode: item.unixMode & 0o777 || 0o644,
        content: item.bytes,
      });
    }
  }
  const check = await checkBundle({
    read: (name) => Promise.resolve(fileContent(entries.get(name))),
    isRegularFile: (name) => Promise.resolve(entries.get(name)?.kind === "file"),
  });
  if ("problem" in check) throw notABundle(label, check.problem);
  const edited = check.record.files.flatMap((file) => {
    const content = fileContent(entries.get(file.path));
    return content !== null && isEdited(file, content) ? [file.path] : [];
  });
  return { label, prefix: `${label}:`, record: check.record, entries, edited: new Set(edited) };
}

/** Whether the bytes of a generated file are not the ones its record holds (a secret's it does not). */
function isEdited(file: RecordedFile, content: Buffer): boolean {
  return file.sha256 !== null && generatedHash(file.path, content) !== file.sha256;
}

function fileContent(entry: CarriedEntry | undefined): Buffer | null {
  return entry?.kind === "file" ? (entry.content ?? null) : null;
}

/** No absolute path, no empty, `.` or `..` segment: an entry that unpacks inside the bundle. */
function isPlainRelative(name: string): boolean {
  return (
    name.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..") &&
    !name.includes("\\") &&
    !name.includes("\0")
  );
}
