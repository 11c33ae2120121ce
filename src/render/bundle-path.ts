const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

/** A path the writers trust: relative, `/`-separated, no empty, `.` or `..` segments, no unusual characters. */
export function isSafeBundlePath(path: string): boolean {
  return path.split("/").every((segment) => SEGMENT.test(segment));
}
