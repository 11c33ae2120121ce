import type { Socket } from "node:net";

/** Handshake messages and sealed records are frames: a 4-byte big-endian length, then that many bytes. */
export const MAX_FRAME = 64 * 1024;

export function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/**
 * Splits what arrives on a socket into frames. The handshake pulls them one at a time with `next()`; the
 * session that follows takes over with `deliver()`, receiving the frames already buffered first.
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly frames: Buffer[] = [];
  private ended: Error | null = null;
  private waiter: { resolve: (frame: Buffer) => void; reject: (error: Error) => void } | null = null;
  private consumer: { onFrame: (frame: Buffer) => void; onEnd: (error: Error) => void } | null = null;

  constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.take(chunk);
    });
    socket.on("end", () => {
      this.finish(new Error("the connection ended"));
    });
    socket.on("error", (error) => {
      this.finish(error);
    });
    socket.on("close", () => {
      this.finish(new Error("the connection closed"));
    });
  }

  next(): Promise<Buffer> {
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** From now on every frame goes to `onFrame`, and the end of the connection (once) to `onEnd`. */
  deliver(onFrame: (frame: Buffer) => void, onEnd: (error: Error) => void): void {
    this.consumer = { onFrame, onEnd };
    for (let next = this.frames.shift(); next; next = this.frames.shift()) onFrame(next);
    if (this.ended) onEnd(this.ended);
  }

  private take(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt32BE(0);
      if (length > MAX_FRAME) {
        this.socket.destroy();
        this.finish(new Error(`a frame of ${length} bytes (at most ${MAX_FRAME})`));
        return;
      }
      if (this.buffered.length < 4 + length) return;
      this.emit(this.buffered.subarray(4, 4 + length));
      this.buffered = this.buffered.subarray(4 + length);
    }
  }

  private emit(payload: Buffer): void {
    if (this.consumer) this.consumer.onFrame(payload);
    else if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(payload);
    } else this.frames.push(payload);
  }

  private finish(error: Error): void {
    if (this.ended) return;
    this.ended = error;
    if (this.consumer) this.consumer.onEnd(error);
    else if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = null;
      reject(error);
    }
  }
}
