/**
 * The one reading of numbers that people type (flags, environment variables): plain decimal digits only,
 * so `1e3`, `0x10`, ` 5`, `Infinity` and `-1` are refused everywhere alike.
 */

/** `2`, `0.5`, `.5`, `2.`: a number of seconds; undefined for anything else. */
export function decimalNumber(text: string): number | undefined {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** `0`, `7`, `1000`: a whole number; undefined for anything else. */
export function wholeNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
