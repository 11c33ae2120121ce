import { crc32, deflateRawSync, type ZlibOptions } from "node:zlib";

/** zlib's default level: level 9 took 15% longer on a 1,000-pod bundle for 0.6% fewer bytes. */
const COMPRESSION_LEVEL = 6;
/** The deflate parameters of every entry: zipData's, and archiver's for what it deflates itself. */
export const ZLIB_OPTIONS: Readonly<ZlibOptions> = { level: COMPRESSION_LEVEL };
/**
 * Files smaller than this are stored, not deflated: deflating a few hundred bytes saves little, and costs
 * more than the rest of their entry (4.5% more bytes for a 1,000-pod bundle, for half its zip time).
 * Decided by size alone, so the same files still give the same bytes.
 */
export const STORE_BELOW_BYTES = 1024;

/** A file's bytes as its zip entry holds them: deflated (or stored, when small), and what the entry says of them. */
export interface ZipData {
  stored: boolean;
  /** The entry's data: the deflated bytes, or the bytes themselves when stored. */
  data: Uint8Array;
  /** The CRC-32 and length of the file's bytes (not of `data`). */
  crc32: number;
  size: number;
}

/**
 * The zip data of a file's bytes. Deflated in one call, with the level and stream parameters of archiver's
 * own deflate stream given the whole file at once, so the entry's bytes are the same as archiver's. A fresh
 * buffer (never a shared pool's), which can be transferred between threads.
 */
export function zipData(bytes: Uint8Array): ZipData {
  const stored = bytes.length < STORE_BELOW_BYTES;
  return {
    stored,
    data: stored ? bytes : new Uint8Array(deflateRawSync(bytes, ZLIB_OPTIONS)),
    crc32: crc32(bytes),
    size: bytes.length,
  };
}

/** Zip data made already (by a render worker), by the very bytes it is of. */
const made = new WeakMap<Uint8Array, ZipData>();

/** Keeps `data` as the zip data of `bytes`, for zipDataOf. */
export function rememberZipData(bytes: Uint8Array, data: ZipData): void {
  made.set(bytes, data);
}

/** The zip data of `bytes`: made already, or now. */
export function zipDataOf(bytes: Uint8Array): ZipData {
  return made.get(bytes) ?? zipData(bytes);
}
