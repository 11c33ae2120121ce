import archiver, { type Archiver, type ArchiverOptions } from "archiver";
import ArchiverZip, { type ZipEngine } from "archiver/lib/plugins/zip.js";
import type { ZipData } from "./zip-data.js";

/**
 * archiver's zip format, taking entries whose data is made already (zipData: deflated on a render worker,
 * or stored, with the CRC-32 of the file): what archiver does for such an entry, without its per-entry
 * deflate stream and its round trip to the thread pool, which left this thread idle half the time of a
 * large zip. The headers, descriptors and central directory are archiver's own, so are the bytes: an entry
 * whose data is made already reads exactly as one archiver deflated or stored itself
 * (test/write/zip-engine.test.ts holds it to that). Any other entry (a directory, a link) goes to archiver as before.
 */
const FORMAT = "lane7-zip";

/** How much output the engine gathers before passing it on: 1 MiB, a dozen writes for a 1,000-pod zip. */
const OUTPUT_BATCH_BYTES = 1 << 20;

/** The data of the sources appended through `appendZipData`, by source. */
const prepared = new WeakMap<Buffer, ZipData>();

/** A zip archive as archiver("zip", options) makes it, which also takes appendZipData entries. */
export function newZipArchive(options: ArchiverOptions): Archiver {
  if (!archiver.isRegisteredFormat(FORMAT)) archiver.registerFormat(FORMAT, PreparedZip);
  return archiver.create(FORMAT, options);
}

/** Appends an entry of data made already: deflated unless `data.stored`. */
export function appendZipData(
  archive: Archiver,
  data: ZipData,
  entry: { name: string; date: Date; mode: number },
): void {
  const source = Buffer.from(data.data.buffer, data.data.byteOffset, data.data.byteLength);
  prepared.set(source, data);
  archive.append(source, { ...entry, store: data.stored });
}

class PreparedZip extends ArchiverZip {
  constructor(options: ArchiverOptions) {
    super(options);
    takeZipData(this.engine);
    batchOutput(this.engine);
  }
}

/** Has `engine` write an entry appended through appendZipData as it is (see PreparedZip). */
function takeZipData(engine: ZipEngine): void {
  const appendBuffer = engine._appendBuffer.bind(engine);
  engine._appendBuffer = function (entry, source, callback) {
    const data = prepared.get(source);
    if (data === undefined || source.length === 0) {
      appendBuffer(entry, source, callback);
      return;
    }
    prepared.delete(source);
    // The order of archiver's own _appendBuffer: a stored entry's sizes and CRC go in its local header,
    // a deflated one's in the data descriptor after its data (the header says it has one).
    const record = (): void => {
      entry.setSize(data.size);
      entry.setCompressedSize(source.length);
      entry.setCrc(data.crc32);
    };
    if (data.stored) record();
    this._writeLocalFileHeader(entry);
    this.write(source);
    if (!data.stored) record();
    this._afterAppend(entry);
    callback(null, entry);
  };
}

/**
 * Has `engine` pass its output on in batches of OUTPUT_BATCH_BYTES. It writes each field of a header as a
 * chunk of its own (a dozen per entry), and every chunk went on through archiver's stream and the file's:
 * a third of this thread's time on a 1,000-pod zip. The bytes, and their order, are the same.
 */
function batchOutput(engine: ZipEngine): void {
  let chunks: Buffer[] = [];
  let size = 0;
  const passOn = (): void => {
    engine.push(Buffer.concat(chunks, size));
    chunks = [];
    size = 0;
  };
  engine._transform = (chunk, _encoding, done) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= OUTPUT_BATCH_BYTES) passOn();
    done();
  };
  engine._flush = (done) => {
    if (size > 0) passOn();
    done();
  };
}
