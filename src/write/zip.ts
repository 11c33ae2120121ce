import { createWriteStream, renameSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { Archiver, ZipEntryData } from "archiver";
import { compareBytewise } from "../render/path-order.js";
import type { OutputFile } from "../render/file.js";
import { writeAtomically } from "./atomic.js";
import type { CarriedEntry } from "./carried.js";
import { writeFileDurably } from "./durable.js";
import { directoriesOf } from "./layout.js";
import type { ZipTarget } from "./target.js";
import { ZLIB_OPTIONS, zipDataOf, type ZipData } from "./zip-data.js";
import { appendZipData, newZipArchive } from "./zip-engine.js";

/**
 * Every entry's time. zip stores a DOS date with no time zone; zip-stream derives it from the UTC fields
 * of the Date (unless told to use local time), so this Date gives the same stored bytes in every time zone.
 * 1980-01-01 is the earliest DOS date.
 */
export const ZIP_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const DIRECTORY_MODE = 0o755;

/** A file's entry (its data made already, see zipData), a directory's, or a link's (to `target`). */
type ZipEntry = { name: string; mode: number } & (
  { type: "file"; data: ZipData } | { type: "directory" } | { type: "symlink"; target: string }
);

/**
 * The bundle as zip bytes, every entry under `<root>/` (so it unpacks like a delivered bundle), directories
 * included, sorted by name, with fixed times, modes and compression: the same files give the same bytes on
 * any machine, in any time zone or locale. The `carried` entries (see Recomposition), asked for once the
 * groups are in, come last, sorted, with their own modes (their times are the fixed one too).
 */
export async function zipBundle(
  groups: Iterable<readonly OutputFile[]> | AsyncIterable<readonly OutputFile[]>,
  root: string,
  carried: () => readonly CarriedEntry[] = () => [],
): Promise<Buffer> {
  const archive = newArchive();
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    archive.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  await Promise.all([fill(archive, groups, root, carried), ended]);
  return Buffer.concat(chunks);
}

/**
 * Writes the zip of `zipBundle` to `target.path` atomically, as it is made (the bundle is never held
 * whole): a scratch file beside it, flushed, then renamed over it. A zip holding a real credential is mode
 * 0600 (its entries are readable by anyone who can read the file), from its creation; any other 0644.
 */
export async function writeZipFile(
  groups: Iterable<readonly OutputFile[]> | AsyncIterable<readonly OutputFile[]>,
  root: string,
  target: ZipTarget,
  holdsCredentials: boolean,
  carried: () => readonly CarriedEntry[] = () => [],
): Promise<void> {
  const mode = holdsCredentials ? 0o600 : 0o644;
  await writeAtomically(
    target.path,
    async (temp) => {
      const archive = newArchive();
      const written = pipeline(archive, createWriteStream(temp, { flags: "wx", mode }));
      const filled = fill(archive, groups, root, carried).catch((error: unknown) => {
        archive.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
      });
      await Promise.all([filled, written]);
      await flushWithMode(temp, mode);
    },
    (temp) => {
      renameSync(temp, target.path);
    },
  );
}

/** Writes zip bytes made already (by zipBundle) to `target.path`, as writeZipFile writes a zip. */
export async function writeZipBytes(
  bytes: Uint8Array,
  target: ZipTarget,
  holdsCredentials: boolean,
): Promise<void> {
  await writeAtomically(
    target.path,
    (temp) => writeFileDurably(temp, bytes, holdsCredentials ? 0o600 : 0o644),
    (temp) => {
      renameSync(temp, target.path);
    },
  );
}

function newArchive(): Archiver {
  const archive = newZipArchive({
    zlib: { ...ZLIB_OPTIONS }, // a copy: zip-stream writes into the options it is given
    forceLocalTime: false,
    forceZip64: false,
  });
  archive.on("warning", (warning) => archive.destroy(warning));
  return archive;
}

/** Appends every entry to `archive`, group by group as they come, then finalizes it. */
async function fill(
  archive: Archiver,
  groups: Iterable<readonly OutputFile[]> | AsyncIterable<readonly OutputFile[]>,
  root: string,
  carried: () => readonly CarriedEntry[],
): Promise<void> {
  const written = new Set<string>();
  const add = (entry: ZipEntry): void => {
    const about = { name: entry.name, date: ZIP_ENTRY_DATE, mode: entry.mode };
    if (entry.type === "file") appendZipData(archive, entry.data, about);
    else {
      // A link is appended rather than given to archive.symlink(), which would stamp it with the current time.
      const link = entry.type === "symlink" ? { linkname: entry.target } : {};
      const empty: ZipEntryData & { type: string } = { ...about, store: true, type: entry.type, ...link };
      archive.append(Buffer.alloc(0), empty);
    }
  };
  for await (const group of groups) {
    for (const entry of zipEntries(group, root, written)) add(entry);
    // Let archiver write what it has (its queue runs on the event loop) before the next group comes in.
    await new Promise(setImmediate);
  }
  for (const entry of await carriedEntries(carried(), root, written)) add(entry);
  await archive.finalize();
}

/** Gives a written file exactly `mode` (the umask had its say at creation) and flushes it to the disk. */
async function flushWithMode(path: string, mode: number): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The entries of one group of files, sorted: the files, and the directories holding them that are not in
 * the zip yet (the root first of all). Groups arrive in path order, so the whole zip is sorted by name.
 */
function zipEntries(files: readonly OutputFile[], root: string, written: Set<string>): ZipEntry[] {
  const directories = ["", ...directoriesOf(files.map((file) => file.path))]
    .filter((directory) => !written.has(directory))
    .map((directory): ZipEntry => {
      written.add(directory);
      return {
        name: directory === "" ? `${root}/` : `${root}/${directory}/`,
        mode: DIRECTORY_MODE,
        type: "directory",
      };
    });
  const regular = files.map((file): ZipEntry => ({
    name: `${root}/${file.path}`,
    data: zipDataOf(typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content),
    mode: file.mode,
    type: "file",
  }));
  return [...directories, ...regular].sort((a, b) => compareBytewise(a.name, b.name));
}

/** The carried entries as zip entries, with the directories holding them that are not in the zip yet. */
async function carriedEntries(
  carried: readonly CarriedEntry[],
  root: string,
  written: Set<string>,
): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  const paths = new Set(carried.map((entry) => entry.path));
  for (const directory of directoriesOf([...paths])) {
    if (written.has(directory) || paths.has(directory)) continue;
    written.add(directory);
    entries.push({ name: `${root}/${directory}/`, mode: DIRECTORY_MODE, type: "directory" });
  }
  for (const entry of carried) {
    if (entry.kind === "directory") {
      if (written.has(entry.path)) continue;
      written.add(entry.path);
      entries.push({ name: `${root}/${entry.path}/`, mode: entry.mode, type: "directory" });
    } else if (entry.kind === "symlink") {
      entries.push({ name: `${root}/${entry.path}`, mode: 0o777, type: "symlink", target: entry.target });
    } else {
      const content = entry.content ?? (await readFile(entry.source ?? ""));
      entries.push({
        name: `${root}/${entry.path}`,
        data: zipDataOf(content),
        mode: entry.mode,
        type: "file",
      });
    }
  }
  return entries.sort((a, b) => compareBytewise(a.name, b.name));
}
