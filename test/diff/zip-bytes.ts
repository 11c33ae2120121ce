import { crc32, deflateRawSync } from "node:zlib";

export interface RawEntry {
  name: string;
  content: string | Buffer;
  /** Bytes stored as the entry's deflate stream instead of `content` deflated (a corrupt entry). */
  deflated?: Buffer;
}

/**
 * A zip written byte by byte, so a test can make what no zip tool would: corrupt deflate streams, names
 * given twice. Every entry is deflated, mode 0644.
 */
export function zipBytes(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const content = Buffer.from(entry.content);
    const data = entry.deflated ?? deflateRawSync(content);
    const name = Buffer.from(entry.name, "utf8");
    const fields = (header: Buffer, at: number): void => {
      header.writeUInt16LE(8, at); // deflate
      header.writeUInt32LE(0, at + 2); // time and date
      header.writeUInt32LE(crc32(content), at + 6);
      header.writeUInt32LE(data.length, at + 10);
      header.writeUInt32LE(content.length, at + 14);
      header.writeUInt16LE(name.length, at + 18);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 8);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    fields(central, 10);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
