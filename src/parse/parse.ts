import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Composer,
  Parser,
  YAMLParseError,
  type CST,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { LIMITS } from "../spec/constants.js";
import { documentProblems } from "./document-problems.js";
import { isCollection, nestedTokens } from "./syntax-tree.js";
import { lastOpenedBefore, unclosedOpeners, type Opener, type Unclosed } from "./unclosed.js";
import type { Finding, Position } from "../validate/finding.js";

export type ValuePath = readonly (string | number)[];

/** Where a value of the description stands in its file. */
export interface Locator {
  /** The value at `path`, or the deepest existing ancestor when the path does not exist. */
  value(path: ValuePath): Position;
  /** The key of the map entry at `path` (for unknown keys); falls back to `value`. */
  key(path: ValuePath): Position;
  /**
   * Where `find` points in the source text of the value at `path` (an offset into it, or -1: then the
   * value itself), e.g. the character a message is about.
   */
  within(path: ValuePath, find: (source: string) => number): Position;
}

export interface ParsedFile {
  file: string;
  /** The plain JavaScript value of the document; undefined when it could not be built. */
  value: unknown;
  locate: Locator;
  findings: Finding[];
}

export interface ParseOptions {
  /**
   * Whether messages may quote the file's text (names of anchors, tags, keys). False for files that hold
   * credentials: their messages give positions and kinds of problem only.
   */
  quoteText?: boolean;
}

const START: Position = { line: 1, column: 1 };

/** YAML text → value, positions and `yaml` findings. Pure: the caller reads the file. */
export function parseNetworkText(file: string, text: string, options: ParseOptions = {}): ParsedFile {
  const quote = options.quoteText ?? true;
  const lineCounter = new LineCounter();
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const at = positionOf(lineCounterFor(text), nul);
    return failed(file, [yamlFinding(file, at, "the file is not text: it contains a NUL byte", BINARY_HINT)]);
  }
  const tokens = syntaxTree(text, lineCounter);
  const deep = tokens === undefined ? tooDeepInPrefixes(text) : tooDeepOffset(tokens, LIMITS.yamlDepth);
  if (tokens === undefined || deep !== undefined) {
    const at = positionOf(lineCounterFor(text), deep ?? 0);
    return failed(file, [
      yamlFinding(file, at, `the document nests deeper than ${LIMITS.yamlDepth} levels`, DEPTH_HINT),
    ]);
  }
  const doc = composeOne(tokens, text.length);
  const locate = locatorFor(doc, lineCounter, text);
  const problems = [
    ...[...doc.errors, ...doc.warnings].map((error) => ({
      offset: error.pos[0],
      code: error.code,
      message: error.message,
    })),
    ...documentProblems(doc),
  ];
  let openers: Unclosed[] | undefined;
  const unclosed = () => (openers ??= unclosedOpeners(tokens));
  const findings = problems.map(
    ({ offset, code, message }) =>
      unclosedFinding(file, { text, unclosed, lineCounter }, offset, message) ??
      yamlFinding(
        file,
        positionOf(lineCounter, offset),
        quote ? messageFor(code, message) : (KIND_MESSAGES[code] ?? `malformed YAML (${code})`),
        hintFor(code),
      ),
  );
  if (findings.length > 0) {
    const template = templateMarker(text);
    if (template !== undefined) {
      const at = positionOf(lineCounter, template);
      return failed(file, [yamlFinding(file, at, TEMPLATE_MESSAGE, TEMPLATE_HINT)]);
    }
    return { file, value: undefined, locate, findings: firstPerLine(findings) };
  }
  try {
    // The library counts the anchored node itself along with its aliases.
    const value: unknown = doc.toJS({ maxAliasCount: LIMITS.yamlAliasCount + 1 });
    return { file, value, locate, findings };
  } catch (error) {
    const message =
      error instanceof ReferenceError && error.message.startsWith("Excessive alias count")
        ? `the document expands YAML aliases more than ${LIMITS.yamlAliasCount} times`
        : "the document could not be read";
    return failed(file, [yamlFinding(file, START, message, ALIAS_HINT)]);
  }
}

/**
 * Where the text first has a template tag (Helm's and Go's `{{ … }}`, Jinja's `{% … %}`) outside a comment,
 * or undefined: such a file is a template to render, and the YAML errors its tags cause say nothing useful.
 */
function templateMarker(text: string): number | undefined {
  const tag = /\{\{[^\n]*\}\}|\{%[^\n]*%\}/g;
  for (let match = tag.exec(text); match !== null; match = tag.exec(text)) {
    const lineStart = text.lastIndexOf("\n", match.index) + 1;
    if (!text.slice(lineStart, match.index).includes("#")) return match.index;
  }
  return undefined;
}

const TEMPLATE_MESSAGE = "this looks like a template (`{{ … }}`), not a network description";
const TEMPLATE_HINT =
  "render the template first (e.g. `helm template …` or `envsubst`) and validate what it writes";

/**
 * The findings in line order, one per line: a syntax error sets off others on its own line (a missing `:`
 * reads as a flow map, then as a complex key, …), and only the first one says what is wrong.
 */
function firstPerLine(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
  return sorted.filter((finding, index) => index === 0 || sorted[index - 1]?.line !== finding.line);
}

/** What each problem is, in words that quote nothing of the file. */
const KIND_MESSAGES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: "map keys must be unique: a key appears twice",
  COMPLEX_KEY: "complex keys (`? …`) are not supported",
  MERGE_KEY: "merge keys (`<<`) are not supported",
  UNRESOLVED_ALIAS: "an alias refers to no anchor defined before it",
  TAG_RESOLVE_FAILED: "an unknown YAML tag",
  BAD_DIRECTIVE: "an unsupported YAML directive",
  MULTIPLE_DOCS: "the file holds more than one YAML document",
  TAB_AS_INDENT: "a tab indents this line",
  BAD_INDENT: "inconsistent indentation",
  BAD_ALIAS: "a malformed alias",
  BAD_DQ_ESCAPE: "an invalid escape in a double-quoted string",
  MISSING_CHAR: "a missing bracket, quote or other character",
  UNEXPECTED_TOKEN: "unexpected YAML syntax",
};

const BINARY_HINT = "a network description is a YAML text file; check that the right file was given";
const DEPTH_HINT = "a network description is a few levels deep; check the brackets and indentation here";
const ALIAS_HINT = "write the values out instead of expanding YAML aliases many times over";

/**
 * The concrete syntax tree of the text, or undefined when it nests too deep for the library's recursive
 * parser to build (unclosed flow maps, one per line, nest a level per line).
 */
function syntaxTree(text: string, lineCounter?: LineCounter): CST.Token[] | undefined {
  try {
    return [...new Parser(lineCounter?.addNewLine).parse(text)];
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Where a text too deep to parse first nests deeper than the limit, or undefined when no prefix tells. The
 * parser reads on from left to right, so a collection's depth in a prefix of whole lines is its depth in
 * the whole text; prefixes double in length until one nests too deep, and that one still parses.
 */
function tooDeepInPrefixes(text: string): number | undefined {
  for (let lines = 2 * LIMITS.yamlDepth; ; lines *= 2) {
    const end = endOfLine(text, lines);
    const tokens = syntaxTree(text.slice(0, end));
    if (tokens === undefined) return undefined;
    const deep = tooDeepOffset(tokens, LIMITS.yamlDepth);
    if (deep !== undefined || end === text.length) return deep;
  }
}

/** The offset just after the `count`th line of the text, or its length. */
function endOfLine(text: string, count: number): number {
  let end = 0;
  for (let line = 0; line < count; line++) {
    end = text.indexOf("\n", end) + 1;
    if (end === 0) return text.length;
  }
  return end;
}

/**
 * The offset of the first collection nested deeper than `limit`, found on the concrete syntax tree before
 * the recursive composer could overflow the stack on it.
 */
function tooDeepOffset(tokens: readonly CST.Token[], limit: number): number | undefined {
  for (const { token, depth } of nestedTokens(tokens)) {
    if (isCollection(token) && depth >= limit) return token.offset;
  }
  return undefined;
}

/**
 * The one document of `tokens`, as `parseDocument` composes it (which would parse the text again): a
 * second document is an error on the first.
 */
function composeOne(tokens: readonly CST.Token[], length: number): Document.Parsed {
  // Duplicate keys are found by documentProblems, in linear time.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, strict: true });
  let first: Document.Parsed | undefined;
  for (const doc of composer.compose(tokens, true, length)) {
    if (first === undefined) {
      first = doc;
      continue;
    }
    first.errors.push(
      new YAMLParseError(
        doc.range.slice(0, 2) as [number, number],
        "MULTIPLE_DOCS",
        "more than one document",
      ),
    );
    break;
  }
  if (first === undefined) throw new Error("yaml: composing a document yielded none");
  return first;
}

/** What each unclosed opener starts, and how to close it. */
const UNCLOSED: Readonly<Record<Opener, { what: string; close: string }>> = {
  "[": { what: "the list opened here with `[`", close: "close the list with `]`" },
  "{": { what: "the map opened here with `{`", close: "close the map with `}`" },
  '"': {
    what: 'the string opened here with `"`',
    close: 'end the string with `"`; inside it, write a `"` as `\\"`',
  },
  "'": {
    what: "the string opened here with `'`",
    close: "end the string with `'`; inside it, write a `'` as `''`",
  },
};

/** The parser's messages for a bracket or quote it found no closing character for. */
const UNCLOSED_MESSAGE = /^Missing closing ["']quote|end with an? [\]}]/;

/**
 * The finding for a bracket or quote the parser found unclosed, at the place it was opened; undefined
 * for any other problem, or when the opener cannot be found.
 */
function unclosedFinding(
  file: string,
  parsed: { text: string; unclosed: () => readonly Unclosed[]; lineCounter: LineCounter },
  offset: number,
  message: string,
): Finding | undefined {
  if (!UNCLOSED_MESSAGE.test(message)) return undefined;
  const unclosed = lastOpenedBefore(parsed.unclosed(), offset);
  if (unclosed === undefined) return undefined;
  const { what, close } = UNCLOSED[unclosed.opener];
  const at = positionOf(parsed.lineCounter, unclosed.offset);
  const more = /\S/g;
  more.lastIndex = offset;
  if (!more.test(parsed.text)) return yamlFinding(file, at, `${what} is never closed`, close);
  const before = `${what} is not closed before line ${positionOf(parsed.lineCounter, offset).line}`;
  if (!message.includes("sufficiently indented")) return yamlFinding(file, at, before, close);
  return yamlFinding(
    file,
    at,
    `${before}, which is indented no deeper than the line it opens on`,
    `${close}, and indent the lines inside it deeper than the line it opens on`,
  );
}

/** The parser's message, except where it addresses the library's caller rather than the file's author. */
function messageFor(code: string, message: string): string {
  return code === "MULTIPLE_DOCS" ? "the file holds more than one YAML document" : firstLine(message);
}

function hintFor(code: string): string {
  switch (code) {
    case "COMPLEX_KEY":
      return "use plain scalar keys: lane7's format has no list or map keys";
    case "MERGE_KEY":
      return "write the keys out instead of merging them in with `<<`";
    case "UNRESOLVED_ALIAS":
      return "define the anchor (`&name`) before its first alias (`*name`), or write the value out";
    case "DUPLICATE_KEY":
      return "each key may appear once in a map; remove or rename the repeated one";
    case "MULTIPLE_DOCS":
      return "a network file holds one YAML document; remove the `---` separator and what follows";
    case "TAB_AS_INDENT":
      return "indent YAML with spaces, not tabs";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return "check indentation and punctuation on this line and the one before it";
    default:
      return "fix the YAML syntax at this position; `lane7 schema` prints the expected shape";
  }
}

function yamlFinding(file: string, at: Position, message: string, hint: string): Finding {
  return { rule: "yaml", severity: "error", message, file, line: at.line, column: at.column, hint };
}

function failed(file: string, findings: Finding[]): ParsedFile {
  const here = { value: () => START, key: () => START, within: () => START };
  return { file, value: undefined, locate: here, findings };
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}

function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) counter.addNewLine(i + 1);
  return counter;
}

function positionOf(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function locatorFor(doc: Document, lineCounter: LineCounter, text: string): Locator {
  const at = (node: Node | null | undefined): Position =>
    node?.range ? positionOf(lineCounter, node.range[0]) : START;
  const pairs = pairIndex();
  const walk = (path: ValuePath): { node: Node | null; keyNode: Node | null } => {
    let node = doc.contents;
    let keyNode: Node | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = pairs(node, String(segment));
        if (!isPair(pair)) break;
        keyNode = isScalar(pair.key) ? pair.key : null;
        node = (pair.value as Node | null) ?? keyNode;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        keyNode = null;
        node = node.items[segment] as Node;
      } else {
        break;
      }
    }
    return { node, keyNode };
  };
  return {
    value: (path) => at(walk(path).node),
    key: (path) => {
      const found = walk(path);
      return at(found.keyNode ?? found.node);
    },
    within: (path, find) => {
      const { node } = walk(path);
      const offset = node?.range ? find(text.slice(node.range[0], node.range[1])) : -1;
      return offset >= 0 && node?.range ? positionOf(lineCounter, node.range[0] + offset) : at(node);
    },
  };
}

/**
 * The first pair of a map with a scalar key of that text, from an index built on the first look-up of
 * each map: a finding per key of a map of 50,000 keys must not search the map each time.
 */
function pairIndex(): (map: YAMLMap, key: string) => Pair | undefined {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  return (map, key) => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) {
        const text = isScalar(item.key) ? String(item.key.value) : undefined;
        if (text !== undefined && !index.has(text)) index.set(text, item);
      }
      indexes.set(map, index);
    }
    return index.get(key);
  };
}
