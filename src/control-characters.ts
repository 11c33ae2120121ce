/**
 * Characters that must not reach a terminal or a generated file raw: C0 controls (tab and line feed
 * aside), DEL, C1 controls, the Unicode line and paragraph separators, bidirectional overrides and
 * isolates, the byte order mark, the non-characters U+FFFE and U+FFFF, and lone surrogates. A terminal
 * acts on some of them (ESC and CSI sequences), YAML readers refuse or reinterpret others.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|\p{Cs}/gu;
const UNSAFE_OR_LINE_BREAK = new RegExp(`${UNSAFE.source}|[\\t\\n]`, "gu");

/** The offset of the first unsafe character of `text` (tab and line feed are not), or -1. */
export function firstUnsafeCharacter(text: string): number {
  UNSAFE.lastIndex = 0;
  return UNSAFE.exec(text)?.index ?? -1;
}

/** `\x1b`, `\u2028`: how lane7 shows an unsafe character. */
export function escapedCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `U+001B`: how a message names an unsafe character. */
export function characterName(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Untrusted text (a file's content, a name a peer claimed) made safe to print: every unsafe character
 * written as an escape. Line feeds and tabs stay unless `oneLine`: then a text cannot start a line that
 * looks like one of lane7's own.
 */
export function terminalSafe(text: string, { oneLine = false }: { oneLine?: boolean } = {}): string {
  return text.replace(oneLine ? UNSAFE_OR_LINE_BREAK : UNSAFE, escapedCharacter);
}

/**
 * `value` as indented JSON whose text holds no unsafe character: JSON escapes C0 controls but leaves
 * DEL, C1 controls, the line separators and the rest raw, so a terminal showing the output would act on
 * them. Each is written as a `\uXXXX` escape, which every JSON reader reads back as the same character.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNSAFE,
    (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}
