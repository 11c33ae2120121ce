import { readdirSync, readFileSync, statSync } from "node:fs";
import { lstat, open, readFile, stat } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { READ_LIMITS, ReadBudget, type ReadLimits } from "./limits.js";
import { SideError, sideFile, type Side, type SideFile } from "./side.js";
import { parseRecord } from "../render/record-schema.js";
import { settled } from "../settled.js";
import { RECORD_PATH, type BundleRecord } from "../render/record.js";

const ZIP_MAGIC = [0x50, 0x4b];

/** What a command-line argument names: a bundle directory, a bundle zip, or (anything else) a network file. */
export async function sideKind(path: string, label: string): Promise<"directory" | "zip" | "file"> {
  const info = await stat(path).catch(() => {
    throw new SideError(`${label}: no such file or directory`);
  });
  if (info.isDirectory()) return "directory";
  const head = new Uint8Array(2);
  try {
    const handle = await open(path, "r");
    await handle.read(head, 0, 2, 0).finally(() => handle.close());
  } catch (error) {
    throw new SideError(`${label}: cannot be read (${describe(error)})`);
  }
  return head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1] ? "zip" : "file";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The generated files of a bundle directory or zip: those its record lists, and the record (the rest is
 * the user's, and not compared). A tree whose record does not parse is read whole. The record is trusted
 * as far as it parses: a listed file that is missing is then reported as missing, not the tree refused.
 */
export async function readBundleSide(path: string, label: string, kind: "directory" | "zip"): Promise<Side> {
  if (kind === "zip") {
    const side = await readZipSide(path, label);
    const record = parseRecord(side.files.get(RECORD_PATH)?.content ?? "");
    if (typeof record === "string") return side;
    const listed = recordedPaths(record);
    return { ...side, files: new Map([...side.files].filter(([name]) => listed.has(name))) };
  }
  const record = parseRecord(await recordText(join(path, RECORD_PATH)));
  if (typeof record === "string") return readDirectorySide(path, label);
  const listed = recordedPaths(record);
  return readDirectorySide(path, label, READ_LIMITS, (name) => listed.has(name));
}

/** The record file's text; empty when it is not a regular file within the per-file limit. */
async function recordText(path: string): Promise<string> {
  const info = await lstat(path).catch(() => null);
  if (info === null || !info.isFile() || info.size > READ_LIMITS.fileBytes) return "";
  return readFile(path, "utf8");
}

function recordedPaths(record: BundleRecord): Set<string> {
  return new Set([RECORD_PATH, ...record.files.map((file) => file.path)]);
}

/** Every regular file under the bundle root `dir` (of those `include` accepts). */
export function readDirectorySide(
  dir: string,
  label: string,
  limits = READ_LIMITS,
  include: (path: string) => boolean = () => true,
): Promise<Side> {
  return settled(() => {
    try {
      return readDirectory(dir, label, new ReadBudget(label, limits), include);
    } catch (error) {
      if (error instanceof SideError) throw error;
      throw new SideError(`${label}: cannot be read (${describe(error)})`);
    }
  });
}

/**
 * Read synchronously: for thousands of small files, a round trip through Node's thread pool for each step
 * cost more than the reading itself (as for the bundle compose reads back, src/recompose/old-bundle.ts).
 */
function readDirectory(
  dir: string,
  label: string,
  budget: ReadBudget,
  include: (path: string) => boolean,
): Side {
  const paths: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (!include(path)) continue;
    if (!entry.isFile()) throw new SideError(`${label}: ${path} is not a regular file (a bundle holds none)`);
    paths.push(path);
  }
  const modes = paths.map((path) => {
    const info = statSync(join(dir, path));
    budget.admit(path, info.size);
    return info.mode & 0o777;
  });
  const files = new Map<string, SideFile>();
  paths.forEach((path, index) =>
    files.set(path, sideFile(readFileSync(join(dir, path)), modes[index] as number)),
  );
  return checkedSide({ source: label, kind: "directory", files });
}

/** The entries of a bundle zip, without the `<name>/` folder they sit under. */
export async function readZipSide(path: string, label: string, limits = READ_LIMITS): Promise<Side> {
  const files = new Map<string, SideFile>();
  for (const [name, entry] of await readZipTree(path, label, limits)) {
    // Zips made on other systems carry no Unix mode: read as a plain file.
    files.set(name, sideFile(entry.bytes, entry.unixMode & 0o777 || 0o644));
  }
  return checkedSide({ source: label, kind: "zip", files });
}

/** One file entry of a zip: its bytes and the Unix mode it carries (file type bits included; 0 for none). */
export interface ZipItem {
  bytes: Buffer;
  unixMode: number;
}

/** The file entries of a bundle zip, without the `<name>/` folder they sit under, within the limits. */
export async function readZipTree(
  path: string,
  label: string,
  limits = READ_LIMITS,
): Promise<Map<string, ZipItem>> {
  try {
    return stripRootFolder(await readZipEntries(path, label, limits));
  } catch (error) {
    if (error instanceof SideError) throw error;
    throw new SideError(`${label}: not a readable zip (${describe(error)})`);
  }
}

/**
 * The whole zip is read at once (far faster than seeking entry by entry); entries inflate concurrently. The
 * first failure (a corrupt entry, a limit, a repeated name) rejects at once, and later ones are ignored.
 */
async function readZipEntries(
  path: string,
  label: string,
  limits: ReadLimits,
): Promise<Map<string, ZipItem>> {
  const budget = new ReadBudget(label, limits);
  budget.admitArchive((await stat(path)).size);
  const zip = await openZip(await readFile(path));
  const names = new Set<string>();
  const files = new Map<string, ZipItem>();
  return new Promise((resolve, reject) => {
    let pending = 0;
    let ended = false;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      zip.close();
      reject(error);
    };
    const settle = (): void => {
      if (ended && pending === 0 && !failed) resolve(files);
    };
    zip.on("error", fail);
    zip.on("end", () => {
      ended = true;
      settle();
    });
    zip.on("entry", (entry: yauzl.Entry) => {
      if (failed) return;
      try {
        admitEntry(entry, label, budget, names);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (entry.fileName.endsWith("/")) return;
      pending++;
      readEntry(zip, entry).then((file) => {
        files.set(entry.fileName, file);
        pending--;
        settle();
      }, fail);
    });
  });
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: false, decodeStrings: true, validateEntrySizes: true },
      (error, file) => {
        if (error) reject(error);
        else resolve(file);
      },
    );
  });
}

/**
 * Within the limits, and named once: with two entries of one name, unzip extracts another copy than the one
 * compared (`a/./b` and `a/b` are one name to it).
 */
function admitEntry(entry: yauzl.Entry, label: string, budget: ReadBudget, names: Set<string>): void {
  budget.admit(entry.fileName, entry.uncompressedSize);
  const name = posix.normalize(entry.fileName).replace(/\/+$/, "");
  if (names.has(name)) {
    throw new SideError(
      `${label}: the zip holds ${entry.fileName} twice; lane7 refuses it (unzip would extract another copy than the one compared)`,
    );
  }
  names.add(name);
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<ZipItem> {
  return new Promise((resolve, reject) => {
    const failed = (error: unknown): void => {
      reject(new Error(`${entry.fileName}: ${describe(error)}`));
    };
    zip.openReadStream(entry, (error, stream) => {
      if (error) {
        failed(error);
        return;
      }
      collect(stream).then((bytes) => {
        resolve({ bytes, unixMode: entry.externalFileAttributes >>> 16 });
      }, failed);
    });
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A delivered zip holds `<name>/…`; a zip of the bundle's content holds the files at its root. */
function stripRootFolder<T>(entries: Map<string, T>): Map<string, T> {
  if (entries.has("blueprint.yaml")) return entries;
  const first = entries.keys().next().value;
  const root = first?.slice(0, first.indexOf("/") + 1) ?? "";
  if (root === "" || ![...entries.keys()].every((name) => name.startsWith(root))) return entries;
  return new Map([...entries].map(([name, file]) => [name.slice(root.length), file]));
}

function checkedSide(side: Side): Side {
  if (!side.files.has("blueprint.yaml")) {
    throw new SideError(`${side.source}: not a lane7 bundle (it holds no blueprint.yaml at its root)`);
  }
  return side;
}
