// archiver's zip format module (archiver/lib/plugins/zip.js), which src/write/zip-engine.ts extends: the
// parts of it, and of its engine (zip-stream, on compress-commons' ZipArchiveOutputStream), used there.
declare module "archiver/lib/plugins/zip.js" {
  import type { ArchiverOptions } from "archiver";
  import type { Transform } from "node:stream";

  interface ZipArchiveEntry {
    setSize(size: number): void;
    setCompressedSize(size: number): void;
    setCrc(crc: number): void;
  }

  export interface ZipEngine extends Transform {
    _appendBuffer(
      this: ZipEngine,
      entry: ZipArchiveEntry,
      source: Buffer,
      callback: (error: Error | null, entry?: ZipArchiveEntry) => void,
    ): void;
    _writeLocalFileHeader(entry: ZipArchiveEntry): void;
    _afterAppend(entry: ZipArchiveEntry): void;
    _transform(chunk: Buffer, encoding: BufferEncoding, done: () => void): void;
    _flush(done: () => void): void;
  }

  export default class Zip {
    constructor(options: ArchiverOptions);
    readonly engine: ZipEngine;
  }
}
