import type { CST } from "yaml";
import { nestedTokens } from "./syntax-tree.js";

export type Opener = "[" | "{" | '"' | "'";

export interface Unclosed {
  offset: number;
  opener: Opener;
}

/**
 * The last bracket or quote opened before `offset` that the text never closes, or undefined. The parser
 * reports one where it gave up looking for the closing character, often the end of the file; the author
 * needs the place it was opened.
 */
export function unclosedOpener(tokens: readonly CST.Token[], offset: number): Unclosed | undefined {
  let found: Unclosed | undefined;
  for (const { token } of nestedTokens(tokens)) {
    if (token.offset >= offset) break;
    const opener = openerOf(token);
    if (opener !== undefined && !closed(token)) found = { offset: token.offset, opener };
  }
  return found;
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
