import { diffValues } from "./object-diff.js";
import type { FileChange, ObjectChange } from "./result.js";
import {
  compareSecrets,
  isSecretObject,
  maskSecret,
  mayHoldSecrets,
  type CredentialDelta,
} from "./secrets.js";
import type { Side, SideFile } from "./side.js";
import { unifiedDiff } from "./text-diff.js";
import { isRecord, naming, type YamlReader } from "./yaml-documents.js";

const YAML_FILE = /\.ya?ml$/;

export interface FileDiff {
  change: FileChange | undefined;
  /** Credentials of Secrets present on both sides that changed. */
  credentials: CredentialDelta[];
}

/** How one path differs between two sides; no change for the same content and executable bit. */
export function diffFile(path: string, sides: { old: Side; new: Side }, read: YamlReader): FileDiff {
  const old = sides.old.files.get(path);
  const next = sides.new.files.get(path);
  if (old === undefined || next === undefined) {
    return { change: { path, change: old === undefined ? "added" : "removed" }, credentials: [] };
  }
  const executable = (file: SideFile) => (file.mode & 0o111) !== 0;
  // git keeps only the executable bit, so a checkout of a bundle differs from it in nothing else.
  const mode =
    executable(old) === executable(next) ? {} : { mode: { old: octal(old.mode), new: octal(next.mode) } };
  if (old.content === next.content) {
    return { change: "mode" in mode ? { path, change: "modified", ...mode } : undefined, credentials: [] };
  }
  const base: FileChange = { path, change: "modified", ...mode };
  if (old.binary || next.binary) return { change: { ...base, note: "binary file changed" }, credentials: [] };
  const documents = YAML_FILE.test(path) ? yamlChanges(path, sides, read) : undefined;
  if (documents && documents.objects.length > 0) {
    return { change: { ...base, objects: documents.objects }, credentials: documents.credentials };
  }
  if (mayHoldSecrets(old.content) || mayHoldSecrets(next.content)) {
    const note = documents
      ? "only formatting or comments changed (not shown: the file holds secrets)"
      : "not valid YAML on both sides; not shown: the file holds secrets";
    return { change: { ...base, note }, credentials: [] };
  }
  return { change: { ...base, text: unifiedDiff(old.content, next.content, path) }, credentials: [] };
}

interface YamlChanges {
  objects: ObjectChange[];
  credentials: CredentialDelta[];
}

/** Object by object (kind, namespace, name); undefined when either side is not well-formed YAML. */
function yamlChanges(
  path: string,
  sides: { old: Side; new: Side },
  read: YamlReader,
): YamlChanges | undefined {
  const oldDocuments = read(sides.old.files.get(path)?.content ?? "", `${sides.old.source}: ${path}`);
  const newDocuments = read(sides.new.files.get(path)?.content ?? "", `${sides.new.source}: ${path}`);
  if (!oldDocuments || !newDocuments) return undefined;
  const before = byIdentity(oldDocuments);
  const after = byIdentity(newDocuments);
  const objects: ObjectChange[] = [];
  const credentials: CredentialDelta[] = [];
  for (const [object, document] of after) {
    const previous = before.get(object);
    credentials.push(...credentialChanges(previous, document));
    if (previous === undefined) {
      objects.push({ object, change: "added", fields: [] });
      continue;
    }
    const fields = naming(`${sides.old.source} → ${sides.new.source}: ${path}`, () =>
      diffValues(masked(previous), masked(document)),
    );
    if (fields.length > 0) objects.push({ object, change: "modified", fields });
  }
  for (const [object, document] of before) {
    if (after.has(object)) continue;
    credentials.push(...credentialChanges(document, undefined));
    objects.push({ object, change: "removed", fields: [] });
  }
  return { objects, credentials };
}

/** The file is on both sides, so its pod is: a Secret added to or removed from it changes its credentials. */
function credentialChanges(old: unknown, next: unknown): CredentialDelta[] {
  if (!isSecretObject(old) && !isSecretObject(next)) return [];
  return compareSecrets(isSecretObject(old) ? old : {}, isSecretObject(next) ? next : {});
}

function masked(document: unknown): unknown {
  return isSecretObject(document) ? maskSecret(document) : document;
}

/** `Deployment agentic-ai-ai-gateway-ns/ai-gateway`; a repeated identity gets ` #2`, ` #3`… */
function byIdentity(documents: readonly unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  // The next number to try per identity, so that 60,000 repeats do not each count from #2 again.
  const next = new Map<string, number>();
  documents.forEach((document, index) => {
    const identity = identityOf(document, index);
    let unique = identity;
    for (let n = next.get(identity) ?? 2; map.has(unique); n++) {
      unique = `${identity} #${n}`;
      next.set(identity, n + 1);
    }
    map.set(unique, document);
  });
  return map;
}

function identityOf(document: unknown, index: number): string {
  if (!isRecord(document)) return `document ${index + 1}`;
  const kind = typeof document.kind === "string" ? document.kind : `document ${index + 1}`;
  const metadata = isRecord(document.metadata) ? document.metadata : {};
  const name = typeof metadata.name === "string" ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return name === undefined ? kind : `${kind} ${namespace}${name}`;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
