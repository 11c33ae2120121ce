/**
 * Without credentials, 02-secrets.yaml holds marked placeholders instead of values. Every placeholder
 * starts with PLACEHOLDER_PREFIX, so deploy.sh can refuse to apply a bundle while one is left
 * (`grep -q "$PLACEHOLDER_PREFIX"` over the secrets files).
 */
export const PLACEHOLDER_PREFIX = "REPLACE_ME_";

/** The placeholder for one secret key, e.g. `REPLACE_ME_HOPR_LICENSE`. */
export function placeholderFor(key: string): string {
  return `${PLACEHOLDER_PREFIX}${key}`;
}

export function containsPlaceholder(text: string): boolean {
  return text.includes(PLACEHOLDER_PREFIX);
}
