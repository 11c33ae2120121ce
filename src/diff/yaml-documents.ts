import { type Document, isScalar, parseAllDocuments, visit } from "yaml";
import { SideError } from "./side.js";

const MAX_ALIAS_COUNT = 100;

/**
 * A document beyond what lane7 reads (an alias bomb, or nesting deeper than the parser's stack); named by
 * the caller.
 */
export class YamlLimitError extends SideError {
  constructor(message: string) {
    super(message);
    this.name = "YamlLimitError";
  }
}

/**
 * The documents of a YAML file as plain values, read the way kubectl reads them (YAML 1.1), or undefined
 * when it is not well-formed YAML (a key repeated in a mapping included). Empty documents (a trailing `---`)
 * are left out. Throws a YamlLimitError for an alias bomb or a document too deep for the parser.
 */
export function parseYamlDocuments(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  try {
    // The parser's own check for repeated keys compares each key with every earlier one: 60,000 keys took
    // a minute. hasRepeatedKey makes the same check in one pass.
    for (const document of parseAllDocuments(text, { version: "1.1", uniqueKeys: false })) {
      if (document.errors.length > 0 || hasRepeatedKey(document)) return undefined;
      const value = toValue(document);
      if (value !== null && value !== undefined) values.push(value);
    }
  } catch (error) {
    // The parser, the composer and toJS recurse once per level of nesting.
    if (error instanceof RangeError) throw new YamlLimitError(YAML_TOO_DEEP);
    throw error;
  }
  return values;
}

/** Why a YAML file lane7 wrote, nested deeper than the parser's stack allows, is not read. */
export const YAML_TOO_DEEP = "its YAML nests too deep to read (lane7 writes a few levels)";

function toValue(document: Document.Parsed): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The parser's only ReferenceError: "Excessive alias count indicates a resource exhaustion attack".
    if (error instanceof ReferenceError) {
      throw new YamlLimitError(
        `its YAML aliases expand more than ${MAX_ALIAS_COUNT} times (lane7 writes no aliases)`,
      );
    }
    throw error;
  }
}

/** True when a mapping has two keys with the same scalar value, as the parser's `uniqueKeys` would report. */
function hasRepeatedKey(document: Document.Parsed): boolean {
  let repeated = false;
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        const value = isScalar(key) ? key.value : key;
        if (seen.has(value)) {
          repeated = true;
          return visit.BREAK;
        }
        seen.add(value);
      }
      return undefined;
    },
  });
  return repeated;
}

/** Reads `text`, the content of `file` (as shown in an error: `new.zip: pod-1/01-namespace.yaml`). */
export type YamlReader = (text: string, file: string) => unknown[] | undefined;

/**
 * parseYamlDocuments, remembering each text's documents for the length of one diff: blueprint.yaml is read
 * for the network and again as a file, and a file unchanged between the sides is read once.
 */
export function cachedYamlReader(): YamlReader {
  const cache = new Map<string, unknown[] | undefined>();
  return (text, file) => {
    if (!cache.has(text))
      cache.set(
        text,
        naming(file, () => parseYamlDocuments(text)),
      );
    return cache.get(text);
  };
}

/** Runs `read`; a YamlLimitError it meets becomes a SideError naming `file`. */
export function naming<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof YamlLimitError) throw new SideError(`${file}: ${error.message}`);
    throw error;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
