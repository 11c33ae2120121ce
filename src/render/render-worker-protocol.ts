import type { BlueprintModel } from "../model/model.js";
import type { OutputFile } from "./file.js";
import type { RenderOptions } from "./options.js";
import type { ZipData } from "../write/zip-data.js";
import type { RecordedFile } from "./record.js";

/** What a render worker is started with. */
export interface RenderWorkerData {
  model: BlueprintModel;
  options: RenderOptions;
  /** Whether the bundle goes into a zip: then each file comes with its zip data too. */
  zip: boolean;
  /** This worker renders unit i when floor(i / chunk) % workers === worker, at most window units ahead. */
  share: { worker: number; workers: number; chunk: number; window: number };
  /** How many units the caller has taken, in order (shared memory, updated by the caller). */
  taken: Int32Array;
}

/**
 * What a render worker posts for each of its units (then null, once it has rendered them all): the files'
 * contents as UTF-8 bytes, transferred, and for a zip their zip data (a stored file's data is its content).
 */
export interface RenderedUnit {
  index: number;
  files: OutputFile[];
  recorded: RecordedFile[];
  zipData?: ZipData[];
}
