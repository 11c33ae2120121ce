import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * The keys of one `lane7 run`: a random master secret, and from it one key per declared edge. Nothing
 * is ever derived for an undeclared pair, so a sidecar has no key to offer or accept for it.
 */
export class Keyring {
  private readonly keys = new Map<string, Buffer>();

  constructor(edges: readonly { from: string; to: string }[], master: Buffer = randomBytes(32)) {
    for (const { from, to } of edges) this.keys.set(edgeName(from, to), edgeKey(master, from, to));
  }

  /** The key of the declared edge from → to, or undefined when there is no such edge. */
  key(from: string, to: string): Buffer | undefined {
    return this.keys.get(edgeName(from, to));
  }
}

const edgeName = (from: string, to: string) => `${from}→${to}`;

export function edgeKey(master: Buffer, from: string, to: string): Buffer {
  return derive(master, Buffer.from("lane7 run edge"), `edge ${edgeName(from, to)}`);
}

export const NONCE_BYTES = 32;
export const MAC_BYTES = 32;

export function nonce(): Buffer {
  return randomBytes(NONCE_BYTES);
}

export function mac(key: Buffer, label: string, ...parts: Buffer[]): Buffer {
  const hmac = createHmac("sha256", key).update(label);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

export function sameMac(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One key per direction, fresh for every session: both sides' nonces go into it. */
export interface SessionKeys {
  clientToServer: Buffer;
  serverToClient: Buffer;
}

export function sessionKeys(edge: Buffer, clientNonce: Buffer, serverNonce: Buffer): SessionKeys {
  const salt = Buffer.concat([clientNonce, serverNonce]);
  return {
    clientToServer: derive(edge, salt, "session client→server"),
    serverToClient: derive(edge, salt, "session server→client"),
  };
}

function derive(key: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", key, salt, info, 32));
}

/** What a record carries: bytes of the stream, or the authenticated end of one direction. */
export const RECORD = { data: 0, end: 1 } as const;
export type RecordType = (typeof RECORD)[keyof typeof RECORD];

const TAG_BYTES = 16;

/**
 * AES-256-GCM records in one direction of a session. The IV is the record's sequence number, so a
 * record that is replayed, dropped or reordered fails authentication like a tampered one.
 */
export class RecordCipher {
  private sequence = 0n;

  constructor(private readonly key: Buffer) {}

  seal(type: RecordType, data: Buffer): Buffer {
    const cipher = createCipheriv("aes-256-gcm", this.key, this.nextIv());
    const sealed = Buffer.concat([cipher.update(Buffer.of(type)), cipher.update(data), cipher.final()]);
    return Buffer.concat([sealed, cipher.getAuthTag()]);
  }

  /** The record's type and data; throws when it does not authenticate. */
  open(record: Buffer): { type: RecordType; data: Buffer } {
    if (record.length < TAG_BYTES + 1) throw new Error("a record too short to authenticate");
    const decipher = createDecipheriv("aes-256-gcm", this.key, this.nextIv());
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(record.subarray(0, record.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const type = plain[0];
    if (type !== RECORD.data && type !== RECORD.end)
      throw new Error(`a record of unknown type ${String(type)}`);
    return { type, data: plain.subarray(1) };
  }

  private nextIv(): Buffer {
    const iv = Buffer.alloc(12);
    iv.writeBigUInt64BE(this.sequence, 4);
    this.sequence += 1n;
    return iv;
  }
}
