/**
 * A file, symbolic link or directory of an earlier bundle that is the user's (its record does not list it),
 * or that lane7 hands over to the user (`app.py.removed`): carried into the new bundle as it was, mode,
 * times and link target included. A link is never followed.
 */
export type CarriedEntry = CarriedFile | CarriedLink | CarriedDirectory;

interface Carried {
  /** Relative to the bundle root, `/`-separated. */
  path: string;
  /** The modification time to keep, when known. */
  mtime?: Date;
}

export interface CarriedFile extends Carried {
  kind: "file";
  /** The permission bits (0o777 at most). */
  mode: number;
  /** The bytes, when read already (from a zip, or because lane7 needed them); else read from `source`. */
  content?: Buffer;
  /** The absolute path of the file in the earlier bundle directory. */
  source?: string;
}

export interface CarriedLink extends Carried {
  kind: "symlink";
  target: string;
}

export interface CarriedDirectory extends Carried {
  kind: "directory";
  mode: number;
}
