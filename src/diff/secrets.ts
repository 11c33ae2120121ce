import { createHmac, randomBytes } from "node:crypto";
import { containsPlaceholder, WOSP_SECRET_KEYS } from "../render/k8s/index.js";
import type { CredentialState } from "./result.js";
import { isRecord, type YamlReader } from "./yaml-documents.js";

/**
 * The one module that reads secret values. Everything it returns holds states and fingerprints only: a
 * value never leaves it, except as the input of a hash.
 */

/** Keys of a Secret whose values are public: the cipher name follows from the mode in blueprint.yaml. */
const PUBLIC_KEYS: ReadonlySet<string> = new Set([WOSP_SECRET_KEYS.chipsAlgorithm]);
/** Shorter values are not searched for in free text (they would match ordinary words); see secretRedactor. */
const MIN_REDACTED_LENGTH = 6;
const REDACTED = "[secret]";
const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;
/**
 * The key of every fingerprint of this run. A fingerprint tells which credentials of one diff are equal
 * without being a hash anyone can recompute: a guessed value cannot be tested against it offline, and the
 * same value has another fingerprint in the next run.
 */
const RUN_KEY = randomBytes(32);

/** The text may hold a Kubernetes Secret: never show it as text. */
export function mayHoldSecrets(text: string): boolean {
  return SECRET_KIND.test(text);
}

export function isSecretObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value.kind === "Secret";
}

/** A credential of a Secret, by key, when its state or value differs (an absent Secret is `{}`). */
export interface CredentialDelta {
  pod: string;
  secret: string;
  key: string;
  old: CredentialState;
  new: CredentialState;
}

export function compareSecrets(
  old: Record<string, unknown>,
  next: Record<string, unknown>,
): CredentialDelta[] {
  const before = secretValues(old);
  const after = secretValues(next);
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((key) => !PUBLIC_KEYS.has(key));
  const metadata = isRecord(next.metadata) ? next.metadata : isRecord(old.metadata) ? old.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const namespace = typeof metadata.namespace === "string" ? metadata.namespace : "";
  const pod = typeof labels["lane7.dev/pod"] === "string" ? labels["lane7.dev/pod"] : namespace;
  const secret = `${namespace}/${typeof metadata.name === "string" ? metadata.name : ""}`;
  return keys
    .filter((key) => before.get(key) !== after.get(key))
    .map((key) => ({
      pod,
      secret,
      key,
      old: stateOf(key, before.get(key)),
      new: stateOf(key, after.get(key)),
    }));
}

/** The Secret with each secret value replaced by `[secret <fingerprint>]`; placeholders stay readable. */
export function maskSecret(secret: Record<string, unknown>): Record<string, unknown> {
  const masked = { ...secret };
  for (const field of ["data", "stringData"] as const) {
    const values = secret[field];
    if (!isRecord(values)) continue;
    masked[field] = Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, maskedValue(key, field, value)]),
    );
  }
  return masked;
}

function maskedValue(key: string, field: "data" | "stringData", value: unknown): unknown {
  if (PUBLIC_KEYS.has(key)) return value;
  const text = field === "data" ? decodeBase64(value) : stringOf(value);
  if (containsPlaceholder(text)) return text;
  return `[secret ${fingerprint(key, text)}]`;
}

function stateOf(key: string, value: string | undefined): CredentialState {
  if (value === undefined) return { state: "absent", fingerprint: null };
  if (containsPlaceholder(value)) return { state: "placeholder", fingerprint: null };
  return { state: "set", fingerprint: fingerprint(key, value) };
}

function fingerprint(key: string, value: string): string {
  return createHmac("sha256", RUN_KEY).update(`${key}\u0000${value}`).digest("hex").slice(0, 12);
}

/** Key → value as Kubernetes reads it: `data` base64-decoded, `stringData` over `data`. */
function secretValues(secret: Record<string, unknown>): Map<string, string> {
  const values = new Map<string, string>();
  if (isRecord(secret.data)) {
    for (const [key, value] of Object.entries(secret.data)) values.set(key, decodeBase64(value));
  }
  if (isRecord(secret.stringData)) {
    for (const [key, value] of Object.entries(secret.stringData)) values.set(key, stringOf(value));
  }
  return values;
}

function decodeBase64(value: unknown): string {
  return Buffer.from(stringOf(value), "base64").toString("utf8");
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A last line of defence for free text (text diffs, field values of non-Secret objects): every secret
 * value of every Secret in `texts`, wherever it appears, becomes `[secret]`. Multi-line values are also
 * searched for line by line, as a text diff shows them. Linear in the length of the text searched.
 */
export function secretRedactor(
  files: Iterable<readonly [file: string, text: string]>,
  read: YamlReader,
): (text: string) => string {
  const byPrefix = new Map<string, string[]>();
  for (const value of secretValuesIn(files, read)) {
    const prefix = value.slice(0, MIN_REDACTED_LENGTH);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), value]);
  }
  for (const values of byPrefix.values()) values.sort((a, b) => b.length - a.length);
  if (byPrefix.size === 0) return (text) => text;
  return (text) => {
    let out = "";
    let copied = 0;
    for (let i = 0; i + MIN_REDACTED_LENGTH <= text.length; i++) {
      const found = byPrefix.get(text.slice(i, i + MIN_REDACTED_LENGTH))?.find((v) => text.startsWith(v, i));
      if (found === undefined) continue;
      out += text.slice(copied, i) + REDACTED;
      i += found.length - 1;
      copied = i + 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}

function secretValuesIn(
  files: Iterable<readonly [file: string, text: string]>,
  read: YamlReader,
): Set<string> {
  const found = new Set<string>();
  const add = (value: string): void => {
    for (const part of [value, ...value.split("\n")]) {
      if (part.trim().length >= MIN_REDACTED_LENGTH) found.add(part);
    }
  };
  for (const [file, text] of files) {
    if (!mayHoldSecrets(text)) continue;
    for (const document of read(text, file) ?? []) {
      if (!isSecretObject(document)) continue;
      for (const [key, value] of secretValues(document)) {
        if (!PUBLIC_KEYS.has(key) && !containsPlaceholder(value)) add(value);
      }
      const data = isRecord(document.data) ? Object.entries(document.data) : [];
      for (const [key, raw] of data) if (!PUBLIC_KEYS.has(key)) add(stringOf(raw));
    }
  }
  return found;
}
