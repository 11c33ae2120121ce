import { SideError } from "./side.js";

/** How much `lane7 diff` reads of one side: per file, and in all (uncompressed, for a zip). */
export interface ReadLimits {
  fileBytes: number;
  totalBytes: number;
}

const MIB = 1024 * 1024;

/**
 * The largest bundle lane7 composes (10,000 pods) is 352 MB, its largest file (blueprint.yaml) 5.4 MB:
 * these leave room for that, and keep a hostile input (a 380 KB zip holding a 300 MiB line) from taking
 * gigabytes.
 */
export const READ_LIMITS: ReadLimits = { fileBytes: 16 * MIB, totalBytes: 512 * MIB };

/** Counts the bytes one side reads; refuses a file or a side over the limits, naming the file. */
export class ReadBudget {
  private total = 0;

  constructor(
    private readonly label: string,
    private readonly limits: ReadLimits,
  ) {}

  /** The zip file itself is read whole: it too must fit in the total. */
  admitArchive(bytes: number): void {
    if (bytes > this.limits.totalBytes) {
      throw new SideError(
        `${this.label}: the zip is larger than ${inMiB(this.limits.totalBytes)}, the most lane7 diff reads of one side`,
      );
    }
  }

  admit(path: string, bytes: number): void {
    if (bytes > this.limits.fileBytes) {
      throw new SideError(
        `${this.label}: ${path} is larger than ${inMiB(this.limits.fileBytes)}, the most lane7 diff reads of one file`,
      );
    }
    this.total += bytes;
    if (this.total > this.limits.totalBytes) {
      throw new SideError(
        `${this.label}: more than ${inMiB(this.limits.totalBytes)} to read (at ${path}), the most lane7 diff ` +
          `reads of one side`,
      );
    }
  }
}

function inMiB(bytes: number): string {
  return `${bytes / MIB} MiB`;
}
