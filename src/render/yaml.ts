import { Document, stringify, type ScalarTag, type Tags } from "yaml";
import { escapedCharacter, firstUnsafeCharacter } from "../control-characters.js";

/**
 * A string holding a control character, a line separator or a lone surrogate (a credential value can):
 * double-quoted, with every such character, and then tab and line feed too, as an escape, which YAML 1.1 and 1.2
 * readers (PyYAML, libyaml, kubectl) read back exactly. The library would write some of them raw, which
 * those readers refuse or read as line breaks.
 */
const STRING_TAG = "tag:yaml.org,2002:str";
const ESCAPED_STRING: ScalarTag = {
  tag: STRING_TAG,
  default: true,
  identify: (value) => typeof value === "string" && firstUnsafeCharacter(value) >= 0,
  resolve: (text) => text,
  stringify: (item) => `"${escapedForYaml(String(item.value))}"`,
};

function escapedForYaml(text: string): string {
  let out = "";
  for (const character of text) {
    if (character === "\\" || character === '"') out += `\\${character}`;
    else if (character === "\t" || character === "\n" || firstUnsafeCharacter(character) >= 0)
      out += escapedCharacter(character);
    else out += character;
  }
  return out;
}

/**
 * The one place YAML output options are pinned. Version 1.1 makes the serializer quote every string a
 * YAML 1.1 reader (kubectl) would take for something else: `on`, `no`, `y`, `0755`, `1e3`. No anchors or
 * aliases for shared objects, no line wrapping.
 */
const OPTIONS = {
  version: "1.1",
  aliasDuplicateObjects: false,
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: true,
  customTags: (tags: Tags) => [ESCAPED_STRING, ...tags],
} as const;

/** What the `yaml` library writes for `value`: the reference every output of `toYaml` must equal. */
export function toYamlWithLibrary(value: unknown): string {
  return stringify(value, OPTIONS);
}

/**
 * `value` as YAML, byte for byte what `toYamlWithLibrary` writes (tests hold the two together on every
 * object lane7 renders and on generated values), in a fraction of the time: a bundle serializes tens of
 * thousands of small documents, and the library spends ~5 µs on every node. The fast path lays out plain
 * data (objects, arrays, strings, integers, booleans, null): every string, key or value, is written by the
 * library itself, once per distinct string (cached), so quoting and block scalars are the library's own
 * decisions; any other input goes to the library whole.
 */
export function toYaml(value: unknown): string {
  const outer = caches;
  caches = scoped ?? newCaches();
  try {
    return document(value);
  } catch (error) {
    if (error instanceof NotPlainData) return toYamlWithLibrary(value);
    throw error;
  } finally {
    caches = outer;
  }
}

/**
 * Runs `render` (synchronous) with one set of string caches for every `toYaml` inside it, dropped when it
 * returns: the caches hold what was rendered, Secret values too, so they never outlive one group of a
 * bundle, and each holds at most CACHE_LIMIT entries.
 */
export function withYamlCaches<T>(render: () => T): T {
  const outer = scoped;
  scoped = newCaches();
  try {
    return render();
  } finally {
    scoped = outer;
  }
}

const CACHE_LIMIT = 10_000;

interface Caches {
  strings: Map<string, string>;
  numbers: Map<number, string>;
  topLevelKeys: Map<string, string>;
  nestedKeys: Map<string, string>;
}

function newCaches(): Caches {
  return { strings: new Map(), numbers: new Map(), topLevelKeys: new Map(), nestedKeys: new Map() };
}

/** The caches of the withYamlCaches call running, if any; those of the toYaml call running. */
let scoped: Caches | undefined;
let caches: Caches = newCaches();

function remember<K>(cache: Map<K, string>, key: K, text: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, text);
}

/** Several documents in one file, `---` between them. */
export function toYamlDocuments(values: readonly unknown[]): string {
  return values.map(toYaml).join("---\n");
}

class NotPlainData extends Error {}

type Collection = Record<string, unknown> | unknown[];

function document(value: unknown): string {
  if (isCollection(value) && !isEmpty(value)) {
    const lines: string[] = [];
    if (Array.isArray(value)) sequence(value, "", lines);
    else mapping(value, "", lines);
    return `${lines.join("\n")}\n`;
  }
  return toYamlWithLibrary(value);
}

function mapping(map: Record<string, unknown>, indent: string, lines: string[]): void {
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const head = `${indent}${mapKey(key, indent === "")}:`;
    if (isCollection(value) && !isEmpty(value)) {
      lines.push(head);
      if (Array.isArray(value)) sequence(value, `${indent}  `, lines);
      else mapping(value, `${indent}  `, lines);
    } else {
      lines.push(`${head} ${scalar(value, indent)}`);
    }
  }
}

function sequence(items: unknown[], indent: string, lines: string[]): void {
  for (const item of items) {
    if (item === undefined) throw new NotPlainData();
    if (isCollection(item) && !isEmpty(item)) {
      // The first line of a nested collection goes on the dash's line: `- name: x`, `- - a`.
      const first = lines.length;
      if (Array.isArray(item)) sequence(item, `${indent}  `, lines);
      else mapping(item, `${indent}  `, lines);
      lines[first] = `${indent}- ${(lines[first] ?? "").slice(indent.length + 2)}`;
    } else {
      lines.push(`${indent}- ${scalar(item, indent)}`);
    }
  }
}

function isCollection(value: unknown): value is Collection {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new NotPlainData();
  return true;
}

function isEmpty(value: Collection): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if (value[key] !== undefined) return false;
  return true;
}

/**
 * A scalar as the library writes it inside a collection at the top level (as the item of `- …`), cached.
 * A block scalar's lines then sit one step in, and its header says how far, relative to its parent.
 */
function libraryScalar<T extends string | number>(value: T, cache: Map<T, string>): string {
  let text = cache.get(value);
  if (text === undefined) {
    text = toYamlWithLibrary([value]).slice("- ".length, -1);
    remember(cache, value, text);
  }
  return text;
}

/**
 * A letter, digit, `_` or `/`, then letters, digits and `_ . / = + , ; ( ) -`, and `:` not before a space
 * or the end, in words parted by single spaces: no indicator or quote first, no `#`, no `: `, no leading or
 * trailing space, no line break. In a block collection the library writes such a string as it is, key or
 * value, at any depth, unless a tag of the schema would read it as something else (`yes`, `null`, `8000`,
 * `e9`, `12:30`: the library's own tests decide) or it is too long for an implicit key.
 */
const PLAIN = /^[\w/](?:[\w./=+,;()-]|:(?=[^ ]))*(?: (?:[\w./=+,;()-]|:(?=[^ ]))+)*$/;
const IMPLICIT_KEY_MAX = 1024;
/** The tests of the schema's other tags as one expression (several times faster than each in turn), made on first use. */
let otherTypes: RegExp | undefined;

/** Whether the library writes `text` as it is: most strings and keys of a bundle, decided without it. */
function writtenAsIs(text: string): boolean {
  return text.length <= IMPLICIT_KEY_MAX && PLAIN.test(text) && !isOtherType(text);
}

/** Whether a tag of the schema other than the string one would read `text` (`yes`, `null`, `8000`). */
function isOtherType(text: string): boolean {
  otherTypes ??= new RegExp(
    new Document(null, OPTIONS).schema.tags
      .flatMap((tag) =>
        tag.default && tag.tag !== STRING_TAG && "test" in tag && tag.test ? [tag.test] : [],
      )
      .map((test) => `(?:${test.source})`)
      .join("|"),
  );
  return otherTypes.test(text);
}

/**
 * What the library's plain style refuses: an indicator or quote first, a lone or spaced `-`/`?` first,
 * `: ` or `#` after a space, a trailing space or `:` (its own test, for one line of printable ASCII).
 */
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #| $|:$/;
/** One line of printable ASCII that does not start like a directive or a document marker. */
const ONE_LINE = /^(?![%]|---|\.\.\.)[\x20-\x7e]+$/;

/**
 * One line of printable ASCII as the library writes it, key or value: plain unless its plain style
 * refuses the text or another tag would read it; quoted otherwise, in single quotes if it holds a double
 * quote and no single one, else in double quotes (JSON's escapes, which for such text are YAML's). Any
 * other text: undefined.
 */
function oneLine(text: string): string | undefined {
  if (text.length > IMPLICIT_KEY_MAX || !ONE_LINE.test(text)) return undefined;
  if (!NOT_PLAIN.test(text) && !isOtherType(text)) return text;
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/**
 * A multi-line value as the library writes it in a block collection at `indent`, when that is a literal
 * block with no indentation indicator: no unsafe character, not blank-ended, no line that looks like a
 * directive or a document marker, a first character that is not a space or a line break, and at most
 * one trailing line break after a character that is not blank (`|` keeps it, `|-` there is none).
 * Any other text: undefined.
 */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || firstUnsafeCharacter(text) >= 0) return undefined;
  if (DOCUMENT_MARKER_LINE.test(text) || text[0] === " " || text[0] === "\n") return undefined;
  const clipped = text.endsWith("\n");
  const body = clipped ? text.slice(0, -1) : text;
  if (BLANK_END.test(body)) return undefined;
  const inner = `${indent}  `;
  return `|${clipped ? "" : "-"}\n${inner}${body.replace(LINE_BREAKS, `$&${inner}`)}`;
}

const DOCUMENT_MARKER_LINE = /^(%|---|\.\.\.)/m;
const BLANK_END = /[\n\t ]$/;
const LINE_BREAKS = /\n+/g;

function scalar(value: unknown, indent: string): string {
  switch (typeof value) {
    case "string":
      if (writtenAsIs(value)) return value;
      return (
        oneLine(value) ?? literalBlock(value, indent) ?? shifted(libraryScalar(value, caches.strings), indent)
      );
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0)
        ? String(value)
        : libraryScalar(value, caches.numbers);
    case "boolean":
      return String(value);
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return "[]";
      return "{}";
    default:
      throw new NotPlainData();
  }
}

/** A block scalar's lines moved from the top level to `indent`; empty lines stay empty, as the library writes them. */
function shifted(text: string, indent: string): string {
  if (indent === "" || !text.includes("\n")) return text;
  return text
    .split("\n")
    .map((line, index) => (index === 0 || line === "" ? line : `${indent}${line}`))
    .join("\n");
}

/**
 * A key as the library writes it, at the top level or nested, which can differ (`---` is a document marker
 * only at the top level), cached. A key that the library writes in the block form is handed back whole.
 */
function mapKey(key: string, topLevel: boolean): string {
  if (writtenAsIs(key)) return key;
  const known = oneLine(key);
  if (known !== undefined) return known;
  const cache = topLevel ? caches.topLevelKeys : caches.nestedKeys;
  let text = cache.get(key);
  if (text === undefined) {
    const prefix = topLevel ? "" : "x:\n  ";
    const written = toYamlWithLibrary(topLevel ? { [key]: null } : { x: { [key]: null } });
    const lines = topLevel ? 2 : 3;
    if (
      !written.startsWith(prefix) ||
      !written.endsWith(": null\n") ||
      written.split("\n").length !== lines
    ) {
      throw new NotPlainData();
    }
    text = written.slice(prefix.length, -": null\n".length);
    remember(cache, key, text);
  }
  return text;
}

/** How many strings the caches hold outside any toYaml call: 0, always (a test holds lane7 to it). */
export function cachedOutsideRendering(): number {
  const held = [caches, ...(scoped ? [scoped] : [])];
  return held.reduce((sum, set) => sum + set.strings.size + set.topLevelKeys.size + set.nestedKeys.size, 0);
}
