import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { resolve } from "../../src/model/resolve.js";
import type { BlueprintModel } from "../../src/model/model.js";
import { validateText } from "../../src/validate/validate.js";

/** The model of a network given as YAML (it must be valid). */
export function modelOf(yaml: string): BlueprintModel {
  const validation = validateText("test.yaml", yaml);
  if (!validation.ok) throw new Error(`invalid test network: ${JSON.stringify(validation.findings)}`);
  return resolve(validation.network);
}

/** A network of four pods, a → b → c and b → d, with one more line of `spec` (its mode or security). */
export function fourPods(setting: string): string {
  return `
apiVersion: lane7/v1
kind: Network
metadata: { name: t }
spec:
  ${setting}
  pods:
    - { id: a, role: initiator }
    - { id: b, role: relay }
    - { id: c, role: terminator }
    - { id: d, role: terminator }
  edges:
    - { from: a, to: b }
    - { from: b, to: c }
    - { from: b, to: d }
`;
}

/** Starts `server` on a free loopback port; returns the port. */
export async function serve(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export function closeServer(server: { close(done: () => void): unknown }): Promise<void> {
  return new Promise((done) =>
    server.close(() => {
      done();
    }),
  );
}

/** Connects, writes `data`, ends, and collects everything until the peer closes. */
export function exchange(port: number, data: string): Promise<{ reply: string; error: Error | null }> {
  return exchangeOn(connect({ port, host: "127.0.0.1" }), data);
}

/** Writes `data` on a connection being opened, ends it, and collects everything until the peer closes. */
export function exchangeOn(socket: Socket, data: string): Promise<{ reply: string; error: Error | null }> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let error: Error | null = null;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (failure) => (error = failure));
    socket.on("close", () => {
      done({ reply: Buffer.concat(chunks).toString(), error });
    });
    socket.end(data);
  });
}

/** Waits (up to 5 s) for `condition` to hold. */
export async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error("timed out waiting");
    await new Promise((done) => setTimeout(done, 10));
  }
}

/** A TCP echo server that records what it received on each connection. */
export function echoServer(): { server: Server; received: string[] } {
  const received: string[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    const index = received.push("") - 1;
    socket.on("data", (chunk: Buffer) => {
      received[index] = `${received[index] ?? ""}${chunk.toString()}`;
      socket.write(chunk);
    });
    socket.on("end", () => socket.end());
    socket.on("error", () => socket.destroy());
  });
  return { server, received };
}

/**
 * A TCP proxy in front of `target` that sees the bytes sent client → server, frame by frame (4-byte length
 * prefix), and may rewrite them: what an attacker on the path between two sidecars could do.
 */
export function tap(target: number, rewrite: (frame: Buffer, index: number) => Buffer = (frame) => frame) {
  const seen: Buffer[] = [];
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: target, host: "127.0.0.1", allowHalfOpen: true });
    let pending = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
        const whole = Buffer.from(pending.subarray(0, 4 + pending.readUInt32BE(0)));
        pending = pending.subarray(whole.length);
        seen.push(whole);
        upstream.write(rewrite(Buffer.from(whole), seen.length - 1));
      }
    });
    client.on("end", () => upstream.end());
    upstream.pipe(client);
    for (const socket of [client, upstream])
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
  });
  return { server, seen };
}

/**
 * The TCP ports `pid` listens on (Linux: /proc). Null elsewhere, so callers can skip with a reason.
 */
export function listeningPorts(pid: number): number[] | null {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // the descriptor closed while we looked
    }
  }
  const ports: number[] = [];
  for (const table of ["tcp", "tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      const inode = fields[9];
      // state 0A: LISTEN
      if (state === "0A" && local && inode && inodes.has(inode))
        ports.push(parseInt(local.split(":")[1] ?? "", 16));
    }
  }
  return ports.sort((a, b) => a - b);
}
