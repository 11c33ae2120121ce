/** Quoting for every target language user text can reach. Each returns a complete literal. */

/** A POSIX shell word: single-quoted, with embedded single quotes closed and escaped. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A Python str literal. A JSON string is a valid Python literal; \u escapes keep it on one line. */
export function pythonString(value: string): string {
  return JSON.stringify(value);
}

/** Text for a Markdown table cell or inline prose: no line breaks, no table pipes, no HTML or links. */
export function markdownText(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`)
    .trim();
}

/** Inline code in Markdown: a backtick fence longer than any run of backticks inside. */
export function markdownCode(value: string): string {
  const flat = value.replace(/[\r\n\u2028\u2029]+/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A Mermaid node label: double-quoted, with quotes and markup characters as entity codes. */
export function mermaidLabel(value: string): string {
  const escaped = value
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[#"<>&;`|[\]{}()]/g, (char) => `#${char.charCodeAt(0)};`);
  return `"${escaped}"`;
}
