import { isAlias, isCollection, isMap, isNode, isScalar, visit, type Document, type YAMLMap } from "yaml";

export type ProblemCode = "DUPLICATE_KEY" | "COMPLEX_KEY" | "MERGE_KEY" | "UNRESOLVED_ALIAS";

/** A problem of a composed document that the library reports late (a warning, an exception) or not at all. */
export interface DocumentProblem {
  offset: number;
  code: ProblemCode;
  /** The message quoting the text concerned: for the network file, not for credentials. */
  message: string;
}

/**
 * Duplicate, complex and merge keys, and aliases without an anchor before them, in one pass over the
 * document. The library's own duplicate-key check compares every key with every key before it, which is
 * quadratic in the size of a map; this one keeps a set per map.
 */
export function documentProblems(doc: Document): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const anchors = new Set<string>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        problems.push({
          offset: node.range?.[0] ?? 0,
          code: "UNRESOLVED_ALIAS",
          message: `the alias \`*${node.source}\` refers to no anchor defined before it`,
        });
      }
      return;
    }
    if (isNode(node) && node.anchor !== undefined) anchors.add(node.anchor);
    if (isMap(node)) problems.push(...keyProblems(node));
  });
  return problems;
}

function keyProblems(map: YAMLMap): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const seen = new Set<string>();
  for (const { key } of map.items) {
    const offset = isNode(key) ? (key.range?.[0] ?? 0) : 0;
    if (isCollection(key)) {
      problems.push({ offset, code: "COMPLEX_KEY", message: "complex keys (`? …`) are not supported" });
      continue;
    }
    if (!isScalar(key)) continue;
    if (key.value === "<<" && key.type === "PLAIN") {
      problems.push({ offset, code: "MERGE_KEY", message: "merge keys (`<<`) are not supported" });
      continue;
    }
    const identity = `${typeof key.value}:${String(key.value)}`;
    if (seen.has(identity)) {
      problems.push({
        offset,
        code: "DUPLICATE_KEY",
        message: `map keys must be unique: \`${String(key.value)}\` appears twice`,
      });
    }
    seen.add(identity);
  }
  return problems;
}
