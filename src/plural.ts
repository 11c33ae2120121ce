/** `1 pod`, `2 pods`, `0 tasks`: a count and its noun, in English. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
