/**
 * Orders bundle paths by their UTF-8 bytes: the same order in every locale (unlike localeCompare), used
 * for the file list of a bundle and the entries of its zip.
 */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
