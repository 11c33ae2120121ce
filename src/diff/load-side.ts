import { open, readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { SideError, sideFile, type Side, type SideFile } from "./side.js";

/** Reading a zip stops beyond this many uncompressed bytes (a zip bomb is not a blueprint). */
const ZIP_MAX_BYTES = 1024 * 1024 * 1024;
const READ_BATCH = 64;
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

/** Every regular file under the bundle root `dir`. */
export async function readDirectorySide(dir: string, label: string): Promise<Side> {
  try {
    return await readDirectory(dir, label);
  } catch (error) {
    if (error instanceof SideError) throw error;
    throw new SideError(`${label}: cannot be read (${describe(error)})`);
  }
}

async function readDirectory(dir: string, label: string): Promise<Side> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (!entry.isFile()) throw new SideError(`${label}: ${path} is not a regular file (a bundle holds none)`);
    paths.push(path);
  }
  const files = new Map<string, SideFile>();
  for (let i = 0; i < paths.length; i += READ_BATCH) {
    const batch = paths.slice(i, i + READ_BATCH);
    const read = await Promise.all(batch.map((path) => readSideFile(join(dir, path))));
    batch.forEach((path, index) => files.set(path, read[index] as SideFile));
  }
  return checkedSide({ source: label, kind: "directory", files });
}

async function readSideFile(path: string): Promise<SideFile> {
  const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
  return sideFile(bytes, info.mode & 0o777);
}

/** The entries of a bundle zip, without the `<name>/` folder they sit under. */
export async function readZipSide(path: string, label: string): Promise<Side> {
  let entries: Map<string, SideFile>;
  try {
    entries = await readZipEntries(path);
  } catch (error) {
    if (error instanceof SideError) throw error;
    throw new SideError(`${label}: not a readable zip (${describe(error)})`);
  }
  return checkedSide({ source: label, kind: "zip", files: stripRootFolder(entries) });
}

/** The whole zip is read at once (far faster than seeking entry by entry); entries inflate concurrently. */
async function readZipEntries(path: string): Promise<Map<string, SideFile>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    readFile(path).then((bytes) => {
      yauzl.fromBuffer(
        bytes,
        { lazyEntries: false, decodeStrings: true, validateEntrySizes: true },
        (error, file) => {
          if (error) reject(error);
          else resolve(file);
        },
      );
    }, reject);
  });
  const reads: Promise<[string, SideFile]>[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", resolve);
    zip.on("entry", (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > ZIP_MAX_BYTES) {
        zip.close();
        void Promise.allSettled(reads);
        reject(new SideError(`${path}: the zip unpacks to more than ${ZIP_MAX_BYTES} bytes`));
      } else if (!entry.fileName.endsWith("/")) {
        reads.push(readEntry(zip, entry));
      }
    });
  });
  return new Map(await Promise.all(reads));
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<[string, SideFile]> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) {
        reject(error);
        return;
      }
      collect(stream).then((bytes) => {
        // Zips made on other systems carry no Unix mode: read as a plain file.
        const mode = (entry.externalFileAttributes >>> 16) & 0o777 || 0o644;
        resolve([entry.fileName, sideFile(bytes, mode)]);
      }, reject);
    });
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A delivered zip holds `<name>/…`; a zip of the bundle's content holds the files at its root. */
function stripRootFolder(entries: Map<string, SideFile>): Map<string, SideFile> {
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
