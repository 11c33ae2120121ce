import { parseAllDocuments } from "yaml";

/**
 * The documents of a YAML file as plain values, read the way kubectl reads them (YAML 1.1), or undefined
 * when it is not well-formed YAML. Empty documents (a trailing `---`) are left out.
 */
export function parseYamlDocuments(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  for (const document of parseAllDocuments(text, { version: "1.1" })) {
    if (document.errors.length > 0) return undefined;
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

export type YamlReader = (text: string) => unknown[] | undefined;

/**
 * parseYamlDocuments, remembering each text's documents for the length of one diff: blueprint.yaml is read
 * for the network and again as a file, and a file unchanged between the sides is read once.
 */
export function cachedYamlReader(): YamlReader {
  const cache = new Map<string, unknown[] | undefined>();
  return (text) => {
    if (!cache.has(text)) cache.set(text, parseYamlDocuments(text));
    return cache.get(text);
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
