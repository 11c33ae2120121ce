import archiver, { type Archiver } from "archiver";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STORE_BELOW_BYTES, ZLIB_OPTIONS, zipData } from "../../src/write/zip-data.js";
import { appendZipData, newZipArchive } from "../../src/write/zip-engine.js";
import { ZIP_ENTRY_DATE } from "../../src/write/zip.js";

const OPTIONS = { zlib: { ...ZLIB_OPTIONS }, forceLocalTime: false, forceZip64: false };

interface Entry {
  name: string;
  bytes: Buffer;
  mode: number;
}

async function bytesOf(archive: Archiver, append: (entry: Entry) => void, entries: Entry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    archive.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  archive.append(Buffer.alloc(0), {
    name: "root/",
    date: ZIP_ENTRY_DATE,
    mode: 0o755,
    store: true,
    type: "directory",
  } as object as archiver.ZipEntryData);
  for (const entry of entries) append(entry);
  await archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The zip archiver makes of the entries itself: it deflates each on its own stream, or stores it. */
function archiverZip(entries: Entry[]): Promise<Buffer> {
  const archive = archiver("zip", OPTIONS);
  return bytesOf(
    archive,
    ({ name, bytes, mode }) => {
      archive.append(bytes, { name, date: ZIP_ENTRY_DATE, mode, store: bytes.length < STORE_BELOW_BYTES });
    },
    entries,
  );
}

/** The zip of the same entries with their data made already (as the render workers make it). */
function preparedZip(entries: Entry[]): Promise<Buffer> {
  const archive = newZipArchive(OPTIONS);
  return bytesOf(
    archive,
    ({ name, bytes, mode }) => {
      appendZipData(archive, zipData(bytes), { name, date: ZIP_ENTRY_DATE, mode });
    },
    entries,
  );
}

/** Text that deflates like a bundle's files: repeated lines with a counter. */
function manifestLike(size: number, seed: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, length = 0; length < size; i++) {
    const line = `  - name: pod-${(seed * 7919 + i) % 1000}\n    port: ${8000 + (i % 97)}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join("").slice(0, size));
}

describe("the zip of entries whose data is made already", () => {
  it("has archiver's own bytes: stored and deflated entries, empty ones, and more than one output batch", async () => {
    const sizes = [0, 1, STORE_BELOW_BYTES - 1, STORE_BELOW_BYTES, 5_000, 70_000, 3_000_000];
    const entries = sizes.map((size, i) => ({
      name: `root/f${i}.yaml`,
      bytes: manifestLike(size, i),
      mode: i % 2 ? 0o600 : 0o644,
    }));
    // Bytes that hardly deflate, so that the zip outgrows one output batch (1 MiB).
    let state = 1;
    const noise = Buffer.from(
      Array.from({ length: 1_500_000 }, () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24),
    );
    entries.push({ name: "root/noise.bin", bytes: noise, mode: 0o644 });
    const made = await preparedZip(entries);
    expect(made.length).toBeGreaterThan(1 << 20);
    expect(made.equals(await archiverZip(entries))).toBe(true);
  });

  it("has archiver's own bytes for any content", async () => {
    const entry = fc.record({
      text: fc.oneof(fc.string({ maxLength: 4_000 }), fc.uint8Array({ maxLength: 4_000 })),
      repeat: fc.integer({ min: 1, max: 8 }),
      mode: fc.constantFrom(0o644, 0o600, 0o755),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 6 }), async (drawn) => {
        const entries = drawn.map(({ text, repeat, mode }, i) => {
          const once = typeof text === "string" ? Buffer.from(text) : Buffer.from(text);
          return { name: `root/${i}`, bytes: Buffer.concat(Array(repeat).fill(once)), mode };
        });
        expect((await preparedZip(entries)).equals(await archiverZip(entries))).toBe(true);
      }),
      { seed: 0x21b, numRuns: 150 },
    );
  });
});
