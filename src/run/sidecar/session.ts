import { connect, type Socket } from "node:net";
import type { EventSink } from "../events.js";
import { Duplex, pipeline } from "node:stream";
import { RECORD, RecordCipher } from "./crypto.js";
import { FrameReader, frame } from "./frames.js";
import { HANDSHAKE_TIMEOUT_MS, clientHandshake, serverHandshake, type ServerSession } from "./handshake.js";

/** Plaintext bytes per record. */
const RECORD_DATA_MAX = 16 * 1024;

/**
 * The plaintext side of an established session: what is written is sealed into records on the socket,
 * what arrives is opened and read back. Any record that fails authentication destroys the session, and a
 * connection that ends without the authenticated end record counts as cut off, not as ended.
 */
export class SealedStream extends Duplex {
  private readonly sealer: RecordCipher;
  private readonly opener: RecordCipher;
  private ended = false;

  constructor(
    private readonly socket: Socket,
    reader: FrameReader,
    sendKey: Buffer,
    receiveKey: Buffer,
  ) {
    super();
    this.sealer = new RecordCipher(sendKey);
    this.opener = new RecordCipher(receiveKey);
    reader.deliver(
      (record) => {
        this.receive(record);
      },
      (error) => {
        if (!this.ended) this.destroy(new Error(`the session was cut off: ${error.message}`));
      },
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const records: Buffer[] = [];
    for (let start = 0; start < chunk.length; start += RECORD_DATA_MAX)
      records.push(frame(this.sealer.seal(RECORD.data, chunk.subarray(start, start + RECORD_DATA_MAX))));
    this.socket.write(Buffer.concat(records), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.socket.write(frame(this.sealer.seal(RECORD.end, Buffer.alloc(0))), done);
  }

  override _read(): void {
    this.socket.resume();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    // Both directions are done (or one failed): the records are flushed once the socket has ended.
    if (error) this.socket.destroy();
    else this.socket.end();
    done(error);
  }

  private receive(record: Buffer): void {
    if (this.ended || this.destroyed) return;
    let opened;
    try {
      opened = this.opener.open(record);
    } catch (error) {
      this.destroy(new TamperedRecord((error as Error).message));
      return;
    }
    if (opened.type === RECORD.end) {
      this.ended = true;
      this.push(null);
    } else if (!this.push(opened.data)) this.socket.pause();
  }
}

/** A record that did not authenticate: tampered with, replayed, reordered or sealed with another key. */
export class TamperedRecord extends Error {
  constructor(detail: string) {
    super(`a record failed authentication (${detail})`);
    this.name = "TamperedRecord";
  }
}

export interface Endpoint {
  port: number;
  host?: string;
}

/** Opens a session to the sidecar at `peer` as the sending side of the edge from → to. */
export async function connectSession(
  peer: Endpoint,
  from: string,
  to: string,
  key: Buffer,
): Promise<{ stream: SealedStream; nonce: Buffer }> {
  const socket = connect({ port: peer.port, host: peer.host ?? "127.0.0.1", allowHalfOpen: true });
  const reader = new FrameReader(socket);
  const session = await withTimeout(socket, clientHandshake(reader, from, to, key));
  const stream = new SealedStream(socket, reader, session.keys.clientToServer, session.keys.serverToClient);
  return { stream, nonce: session.nonce };
}

/** Runs the server side of the handshake on an accepted socket (created with allowHalfOpen). */
export async function acceptSession(
  socket: Socket,
  self: string,
  keyFor: (from: string) => Buffer | undefined,
): Promise<{ stream: SealedStream; session: ServerSession }> {
  const reader = new FrameReader(socket);
  const session = await withTimeout(socket, serverHandshake(reader, self, keyFor));
  const stream = new SealedStream(socket, reader, session.keys.serverToClient, session.keys.clientToServer);
  return { stream, session };
}

async function withTimeout<T>(socket: Socket, handshake: Promise<T>): Promise<T> {
  const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
  try {
    return await handshake;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Reports a record that fails authentication as a security event; other stream errors are the peer's. */
export function watchTampering(stream: SealedStream, pod: string, peer: string, onEvent: EventSink): void {
  stream.on("error", (error) => {
    if (error instanceof TamperedRecord)
      onEvent({ kind: "refused", pod, claimed: peer, reason: error.message });
  });
}

/** Pipes two streams into each other; when either fails, both are destroyed. */
export function splice(a: Duplex, b: Duplex): void {
  const settle = (error: Error | null) => {
    if (!error) return;
    a.destroy();
    b.destroy();
  };
  pipeline(a, b, settle);
  pipeline(b, a, settle);
}
