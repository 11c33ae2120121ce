/**
 * Markdown with each paragraph of prose filled to `width` columns. A template's paragraph holds names and
 * lists of any length, so no wrapping in the template itself keeps its lines even. Headings, tables, lists,
 * block quotes, HTML, rules and fenced code are left as they are, and so is a line ending in a hard break.
 * A word longer than the width gets a line of its own; a word that would open a line as a list item,
 * heading, quote or table row stays at the end of the line before.
 */
export function fillParagraphs(markdown: string, width: number): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let fenced = false;
  const flush = (): void => {
    if (paragraph.length > 0) out.push(...fill(paragraph.join(" "), width));
    paragraph = [];
  };
  for (const line of markdown.split("\n")) {
    const fence = FENCE.test(line);
    if (!fenced && !fence && isProse(line)) {
      paragraph.push(line);
      if (!HARD_BREAK.test(line)) continue;
      out.push(...fill(paragraph.slice(0, -1).join(" "), width), line);
      paragraph = [];
      continue;
    }
    flush();
    if (fence) fenced = !fenced;
    out.push(line);
  }
  flush();
  return out.join("\n");
}

const FENCE = /^\s*(?:```|~~~)/;
const HARD_BREAK = / {2}$|\\$/;
/** What opens a line of something else than prose: indentation, a heading, table, quote, HTML, list or rule. */
const NOT_PROSE = /^(?:$|\s|#|\||>|<|[-*+](?:\s|$)|\d+[.)](?:\s|$)|([-*_])(?:\s*\1){2,}\s*$)/;
/** A word that would make the line it opens something else than the paragraph's next line. */
const OPENS_BLOCK = /^(?:#+|>|\||[-*+]|\d+[.)])$/;

function isProse(line: string): boolean {
  return !NOT_PROSE.test(line);
}

function fill(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter((part) => part !== "")) {
    if (line !== "" && line.length + 1 + word.length > width && !OPENS_BLOCK.test(word)) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
