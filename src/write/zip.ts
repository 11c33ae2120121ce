import { renameSync } from "node:fs";
import archiver from "archiver";
import { compareBytewise } from "../render/path-order.js";
import type { BundleFile, FileMode } from "../render/file.js";
import { writeAtomically } from "./atomic.js";
import { writeFileDurably } from "./durable.js";
import { directoriesOf } from "./layout.js";
import type { ZipTarget } from "./target.js";

/**
 * Every entry's time. zip stores a DOS date with no time zone; zip-stream derives it from the UTC fields
 * of the Date (unless told to use local time), so this Date gives the same stored bytes in every time zone.
 * 1980-01-01 is the earliest DOS date.
 */
export const ZIP_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const COMPRESSION_LEVEL = 9;
const DIRECTORY_MODE = 0o755;

interface ZipEntry {
  name: string;
  content: Buffer;
  mode: FileMode | typeof DIRECTORY_MODE;
  directory: boolean;
}

/**
 * The bundle as zip bytes, every entry under `<root>/` (so it unpacks like a delivered bundle), directories
 * included, sorted by name, with fixed times, modes and compression: the same files give the same bytes on
 * any machine, in any time zone or locale.
 */
export async function zipBundle(files: readonly BundleFile[], root: string): Promise<Buffer> {
  const archive = archiver("zip", {
    zlib: { level: COMPRESSION_LEVEL },
    forceLocalTime: false,
    forceZip64: false,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.on("end", resolve);
    archive.on("error", reject);
    archive.on("warning", reject);
  });
  for (const entry of zipEntries(files, root)) {
    archive.append(entry.content, {
      name: entry.name,
      date: ZIP_ENTRY_DATE,
      mode: entry.mode,
      ...(entry.directory ? { type: "directory" as const } : {}),
    });
  }
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

function zipEntries(files: readonly BundleFile[], root: string): ZipEntry[] {
  const directories = ["", ...directoriesOf(files.map((file) => file.path))].map((directory): ZipEntry => ({
    name: directory === "" ? `${root}/` : `${root}/${directory}/`,
    content: Buffer.alloc(0),
    mode: DIRECTORY_MODE,
    directory: true,
  }));
  const regular = files.map((file): ZipEntry => ({
    name: `${root}/${file.path}`,
    content: Buffer.from(file.content, "utf8"),
    mode: file.mode,
    directory: false,
  }));
  return [...directories, ...regular].sort((a, b) => compareBytewise(a.name, b.name));
}

/** Writes zip bytes to `target.path` atomically: a scratch file beside it, flushed, then renamed over it. */
export async function writeZipFile(bytes: Uint8Array, target: ZipTarget): Promise<void> {
  await writeAtomically(
    target.path,
    (temp) => writeFileDurably(temp, bytes, 0o644),
    (temp) => {
      renameSync(temp, target.path);
    },
  );
}
