import type { CST } from "yaml";
import { nestedTokens } from "./syntax-tree.js";

export type Opener = "[" | "{" | '"' | "'";

export interface Unclosed {
  offset: number;
  opener: Opener;
}

/** Every bracket or quote that the text opens and never closes, in text order. */
export function unclosedOpeners(tokens: readonly CST.Token[]): Unclosed[] {
  const found: Unclosed[] = [];
  for (const { token } of nestedTokens(tokens)) {
    const opener = openerOf(token);
    if (opener !== undefined && !closed(token)) found.push({ offset: token.offset, opener });
  }
  return found;
}

/**
 * The last of `openers` (in text order) before `offset`, or undefined: the parser reports an unclosed
 * bracket or quote where it gave up looking for the closing character, often the end of the file, and the
 * author needs the place it was opened.
 */
export function lastOpenedBefore(openers: readonly Unclosed[], offset: number): Unclosed | undefined {
  let low = 0;
  let high = openers.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((openers[middle]?.offset ?? offset) < offset) low = middle + 1;
    else high = middle;
  }
  return openers[low - 1];
}

function openerOf(token: CST.Token): Opener | undefined {
  if (token.type === "double-quoted-scalar") return '"';
  if (token.type === "single-quoted-scalar") return "'";
  if (token.type !== "flow-collection") return undefined;
  return token.start.source === "[" ? "[" : "{";
}

function closed(token: CST.Token): boolean {
  switch (token.type) {
    case "flow-collection":
      return token.end.some((end) => end.type === "flow-map-end" || end.type === "flow-seq-end");
    case "double-quoted-scalar":
      // Closed by a `"` that no odd run of backslashes escapes.
      return /(?:^|[^\\])(?:\\\\)*"$/.test(token.source.slice(1));
    case "single-quoted-scalar":
      // Inside '…' a quote is written twice, so the closing one ends an odd run of quotes.
      return (/'+$/.exec(token.source.slice(1))?.[0].length ?? 0) % 2 === 1;
    default:
      return true;
  }
}
