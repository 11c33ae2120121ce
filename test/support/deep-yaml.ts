/**
 * YAML whose `key` holds `count` flow maps, each left unclosed inside the one before: from a few thousand,
 * deeper than the yaml library's recursive parser can go before the stack runs out.
 */
export function unclosedFlowMaps(count: number, key = "a"): string {
  return `${key}:\n${Array.from({ length: count }, (_, i) => `  - {a: ${i}\n`).join("")}`;
}

/** Deep enough to overflow the parser's stack. */
export const TOO_DEEP_FOR_THE_PARSER = unclosedFlowMaps(20_000);
