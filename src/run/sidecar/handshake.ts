import { MAC_BYTES, NONCE_BYTES, mac, nonce, sameMac, sessionKeys, type SessionKeys } from "./crypto.js";
import { frame, type FrameReader } from "./frames.js";
import { terminalSafe } from "../../control-characters.js";

/**
 * Sidecar-to-sidecar handshake, every message one frame of a MAC and a JSON body:
 *   hello   client → server  {from, to, nonce}   MAC("hello", hello) under the key of the edge from → to
 *   accept  server → client  {nonce}             MAC("accept", hello, accept)
 *   finish  client → server  {}                  MAC("finish", hello, accept)
 * Both sides prove they hold the edge key, and the session keys depend on both nonces, so neither a
 * replayed hello nor a replayed accept opens a session.
 */
const VERSION = "lane7-run/1";
export const HANDSHAKE_TIMEOUT_MS = 5_000;

export interface ClientSession {
  keys: SessionKeys;
  /** The client's nonce: fresh for every session. */
  nonce: Buffer;
}

export interface ServerSession {
  from: string;
  keys: SessionKeys;
}

/**
 * A connection the server refused: the claimed sender (if it got that far) and why. Both are printed and
 * come from the peer, so they are kept terminal-safe and on one line: a claimed name cannot paint the
 * terminal or forge a line of lane7's own.
 */
export class Refusal extends Error {
  readonly claimed: string | null;
  readonly reason: string;

  constructor(claimed: string | null, reason: string) {
    const safeReason = terminalSafe(reason, { oneLine: true });
    super(safeReason);
    this.name = "Refusal";
    this.claimed = claimed === null ? null : terminalSafe(claimed, { oneLine: true });
    this.reason = safeReason;
  }
}

export async function clientHandshake(
  reader: FrameReader,
  from: string,
  to: string,
  key: Buffer,
): Promise<ClientSession> {
  const clientNonce = nonce();
  const hello = body({ v: VERSION, from, to, nonce: clientNonce.toString("base64") });
  reader.socket.write(signed(mac(key, "hello", hello), hello));
  const { tag, json: accept } = split(await reader.next());
  if (!sameMac(tag, mac(key, "accept", hello, accept)))
    throw new Error(`${to} did not prove it holds the key of ${from} → ${to}`);
  const serverNonce = nonceOf(parse(accept).nonce);
  reader.socket.write(signed(mac(key, "finish", hello, accept), body({})));
  return { keys: sessionKeys(key, clientNonce, serverNonce), nonce: clientNonce };
}

/**
 * Admits a session addressed to `self` from a pod `keyFor` has a key for (a declared upstream pod);
 * throws a Refusal for anything else.
 */
export async function serverHandshake(
  reader: FrameReader,
  self: string,
  keyFor: (from: string) => Buffer | undefined,
): Promise<ServerSession> {
  const { tag, json: hello } = split(await reader.next().catch(refuse(null)));
  const claim = parse(hello);
  const from = typeof claim.from === "string" ? claim.from : null;
  if (from === null || claim.v !== VERSION) throw new Refusal(from, "not a lane7 sidecar handshake");
  if (claim.to !== self) throw new Refusal(from, `addressed to ${String(claim.to)}`);
  const key = keyFor(from);
  if (!key) throw new Refusal(from, "not a declared upstream");
  if (!sameMac(tag, mac(key, "hello", hello))) throw new Refusal(from, "authentication failed");
  const clientNonce = nonceOf(claim.nonce);
  const serverNonce = nonce();
  const accept = body({ nonce: serverNonce.toString("base64") });
  reader.socket.write(signed(mac(key, "accept", hello, accept), accept));
  const finish = split(await reader.next().catch(refuse(from)));
  if (!sameMac(finish.tag, mac(key, "finish", hello, accept)))
    throw new Refusal(from, "authentication failed");
  return { from, keys: sessionKeys(key, clientNonce, serverNonce) };
}

const refuse = (claimed: string | null) => (error: unknown) => {
  throw new Refusal(
    claimed,
    `handshake incomplete: ${error instanceof Error ? error.message : String(error)}`,
  );
};

function body(value: object): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function signed(tag: Buffer, json: Buffer): Buffer {
  return frame(Buffer.concat([tag, json]));
}

function split(message: Buffer): { tag: Buffer; json: Buffer } {
  if (message.length < MAC_BYTES) throw new Refusal(null, "a handshake message too short");
  return { tag: message.subarray(0, MAC_BYTES), json: message.subarray(MAC_BYTES) };
}

function parse(json: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // not JSON: refused below
  }
  throw new Refusal(null, "not a lane7 sidecar handshake");
}

function nonceOf(value: unknown): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "base64") : Buffer.alloc(0);
  if (bytes.length !== NONCE_BYTES) throw new Refusal(null, "a malformed nonce");
  return bytes;
}
