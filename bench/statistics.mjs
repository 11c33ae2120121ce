/** The middle value of `values` (the upper one of an even count), leaving `values` as they are. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
