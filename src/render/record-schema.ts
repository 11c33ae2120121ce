// The schema of `.lane7/files.json` (see record.ts), apart from the renderer: the render workers write
// records and never read one, so they start without zod.
import * as z from "zod";
import { isSafeBundlePath } from "./bundle-path.js";
import { RECORD_FORMAT } from "./record.js";

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

const recordedFileSchema = z.object({
  path: z.string().refine(isSafeBundlePath, "not a relative path inside the bundle"),
  /**
   * Of the whole file; of an app.py, of everything but Section 1. Null for a file holding credentials
   * (mode 0600): a hash of a secret would let anyone who reads the record check a guessed value.
   */
  sha256: sha256Schema.nullable(),
  /** app.py only: the stub Section 1 lane7 wrote, and the hooks it defines. */
  section1: z.object({ sha256: sha256Schema, hooks: z.array(z.string()) }).optional(),
});

export const recordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  lane7: z.string(),
  network: z.string(),
  files: z.array(recordedFileSchema),
});

export type BundleRecord = z.infer<typeof recordSchema>;
export type RecordedFile = z.infer<typeof recordedFileSchema>;

/** The record in `text`, or why it is not one. */
export function parseRecord(text: string): BundleRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a lane7 record (${issue?.path.join(".") || "the document"}: ${issue?.message ?? "invalid"})`;
  }
  return parsed.data;
}
