import type { FieldChange } from "./result.js";
import { isRecord, parseYamlDocuments } from "./yaml-documents.js";

/** Between a string field and the document embedded in it: `data["envoy.yaml"] › static_resources…`. */
const EMBEDDED = " › ";
/** What identifies a list item, in order of preference: blueprint.yaml edges are keyed `from→to`. */
const LIST_KEYS: readonly (readonly string[])[] = [["name"], ["id"], ["from", "to"]];
const PLAIN_KEY = /^[A-Za-z0-9_@$-]+$/;
const PLAIN_ITEM = /^(?!\d+$)[^[\]"]+$/;

/**
 * Field-level changes from `old` to `next`, each with its path. Objects are compared key by key (key order
 * does not matter); lists whose items all carry a unique `name` (or `id`, or `from` and `to`) by that key;
 * other lists of objects by index; lists of scalars as a whole. A string holding YAML or JSON on both sides
 * is compared as the document it holds.
 */
export function diffValues(old: unknown, next: unknown, path = ""): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(old, next, path, changes);
  return changes;
}

function walk(old: unknown, next: unknown, path: string, out: FieldChange[]): void {
  if (isRecord(old) && isRecord(next)) {
    walkObject(old, next, path, out);
  } else if (Array.isArray(old) && Array.isArray(next)) {
    walkList(old, next, path, out);
  } else if (typeof old === "string" && typeof next === "string" && old !== next) {
    const inner = embedded(old, next, path);
    if (inner) walk(inner.old, inner.new, path + EMBEDDED, out);
    else out.push({ path, change: "changed", old, new: next });
  } else if (old !== next) {
    out.push({ path, change: "changed", old, new: next });
  }
}

function walkObject(
  old: Record<string, unknown>,
  next: Record<string, unknown>,
  path: string,
  out: FieldChange[],
): void {
  for (const [key, value] of Object.entries(old)) {
    const child = keyPath(path, key);
    if (Object.hasOwn(next, key)) walk(value, next[key], child, out);
    else out.push({ path: child, change: "removed", old: value });
  }
  for (const [key, value] of Object.entries(next)) {
    if (!Object.hasOwn(old, key)) out.push({ path: keyPath(path, key), change: "added", new: value });
  }
}

function walkList(old: unknown[], next: unknown[], path: string, out: FieldChange[]): void {
  const key = listKey(old, next);
  if (key !== undefined) {
    const before = new Map(old.map((item) => [itemKey(item, key), item]));
    const after = new Set(next.map((item) => itemKey(item, key)));
    for (const item of next) {
      const name = itemKey(item, key);
      const child = itemPath(path, name);
      if (before.has(name)) walk(before.get(name), item, child, out);
      else out.push({ path: child, change: "added", new: item });
    }
    for (const [name, item] of before) {
      if (!after.has(name)) out.push({ path: itemPath(path, name), change: "removed", old: item });
    }
  } else if ([...old, ...next].every((item) => !isRecord(item) && !Array.isArray(item))) {
    if (old.length !== next.length || old.some((item, index) => item !== next[index])) {
      out.push({ path, change: "changed", old, new: next });
    }
  } else {
    for (let index = 0; index < Math.max(old.length, next.length); index++) {
      const child = `${path}[${index}]`;
      if (index >= old.length) out.push({ path: child, change: "added", new: next[index] });
      else if (index >= next.length) out.push({ path: child, change: "removed", old: old[index] });
      else walk(old[index], next[index], child, out);
    }
  }
}

/** The fields naming every item of both lists, each name once per list. */
function listKey(old: unknown[], next: unknown[]): readonly string[] | undefined {
  return LIST_KEYS.find((fields) =>
    [old, next].every((list) => {
      const named = list.every(
        (item) => isRecord(item) && fields.every((field) => typeof item[field] === "string"),
      );
      return named && new Set(list.map((item) => itemKey(item, fields))).size === list.length;
    }),
  );
}

function itemKey(item: unknown, fields: readonly string[]): string {
  return isRecord(item) ? fields.map((field) => String(item[field])).join("→") : "";
}

function itemPath(path: string, name: string): string {
  return `${path}[${PLAIN_ITEM.test(name) ? name : JSON.stringify(name)}]`;
}

function keyPath(path: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" || path.endsWith(EMBEDDED) ? `${path}${key}` : `${path}.${key}`;
}

/** The documents two strings hold, when both hold a YAML (a `.yaml` key) or JSON object or list. */
function embedded(old: string, next: string, path: string): { old: unknown; new: unknown } | undefined {
  const read = /\.ya?ml"\]$/.test(path) ? readYaml : readJson;
  const before = read(old);
  const after = before === undefined ? undefined : read(next);
  return before === undefined || after === undefined ? undefined : { old: before, new: after };
}

function readYaml(text: string): unknown {
  const documents = parseYamlDocuments(text);
  const value = documents?.length === 1 ? documents[0] : undefined;
  return isRecord(value) || Array.isArray(value) ? value : undefined;
}

function readJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) || Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
