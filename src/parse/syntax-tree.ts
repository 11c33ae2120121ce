import type { CST } from "yaml";

export interface NestedToken {
  token: CST.Token;
  /** How many collections hold the token: 0 at the top of a document. */
  depth: number;
}

/**
 * Every token of the concrete syntax tree that a document's value is made of, in text order, with its
 * depth. Iterative: the tree of a hostile file may be deeper than the stack.
 */
export function* nestedTokens(tokens: readonly CST.Token[]): Generator<NestedToken> {
  const pending: NestedToken[] = [...tokens].reverse().map((token) => ({ token, depth: 0 }));
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { token, depth } = entry;
    if (token.type === "document") {
      if (token.value) pending.push({ token: token.value, depth });
      continue;
    }
    yield entry;
    if (!isCollection(token)) continue;
    for (const item of [...token.items].reverse()) {
      if (item.value) pending.push({ token: item.value, depth: depth + 1 });
      if (item.key) pending.push({ token: item.key, depth: depth + 1 });
    }
  }
}

export function isCollection(
  token: CST.Token,
): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection";
}
