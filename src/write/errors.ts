/** A refused or failed write, with a message for the user (the CLI exits 2 with it). */
export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WriteError";
  }
}

/** A failed file-system call → a WriteError naming the path and the cause in words. */
export function writeErrorFor(path: string, error: unknown): WriteError {
  if (error instanceof WriteError) return error;
  return new WriteError(`cannot write ${path}: ${describeFsError(error)}`);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "the file system is read-only";
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "ENOTEMPTY":
    case "EEXIST":
      return "it was created by someone else while lane7 was writing; run again";
    case "EXDEV":
      return "the temporary copy and the target are on different file systems";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
