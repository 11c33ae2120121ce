import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { errorMessage } from "../error-message.js";
import type { BlueprintModel } from "../model/model.js";
import { rememberZipData } from "../write/zip-data.js";
import { BundleOrder, composeBundleGroups } from "./bundle.js";
import type { OutputFile } from "./file.js";
import type { RenderOptions } from "./options.js";
import { recordedFile, type RecordedFile } from "./record.js";
import type { RenderWorkerData, RenderedUnit } from "./render-worker-protocol.js";

/** Below this many pods the workers' start-up costs more than they save. */
const WORKER_MIN_PODS = 200;
/** Render threads: two even on two cores, where this thread mostly waits on the writers' I/O and zlib. */
const WORKERS = Math.min(4, Math.max(2, availableParallelism()));
/** Units (pods) given to one worker at a time, in turn: neighbours in path order cost about the same. */
const CHUNK = 8;
/** How far (in units) the workers may render ahead of what the writer took: bounds memory. */
const WINDOW = 128;
/**
 * Each worker's young generation, in MiB: V8's default (48 on 64-bit machines) made a 1,000-pod compose
 * peak about 30 MiB higher, for no measurable gain in time (16 and 24 measured alike; 6 cost a fifth more CPU).
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/** One group of the bundle and what the record says of each of its files. */
export interface RenderedGroup {
  files: OutputFile[];
  recorded: RecordedFile[];
}

/**
 * `composeBundleGroups` with each file's record entry, large networks rendered on worker threads (the units
 * shared out in chunks, see bundleUnits), so that rendering uses every core and a writer on this thread (the
 * zip: archiver here; the directory writer) runs while the next groups render.
 * Same groups, same order, same bytes: the workers run the very same renderers. For a zip (`zip`), the
 * workers also make each file's zip data (deflate it), which the zip writer then finds (zipDataOf).
 */
export async function* composeBundleGroupsInWorkers(
  model: BlueprintModel,
  options: RenderOptions,
  zip = false,
): AsyncGenerator<RenderedGroup> {
  if (model.pods.length < WORKER_MIN_PODS) {
    for (const files of composeBundleGroups(model, options))
      yield { files, recorded: files.map(recordedFile) };
    return;
  }
  const taken = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const pool = new RenderPool(model, options, zip, taken);
  const order = new BundleOrder();
  try {
    for (let index = 0; ; index++) {
      const unit = await pool.unit(index);
      if (unit === undefined) return;
      Atomics.store(taken, 0, index + 1);
      Atomics.notify(taken, 0);
      order.check(unit.files);
      if (unit.files.length > 0) yield { files: unit.files, recorded: unit.recorded };
    }
  } finally {
    await pool.close();
  }
}

/** `unit`, its files' zip data (if any) kept for the zip writer. */
function remembered(unit: RenderedUnit): RenderedUnit {
  unit.zipData?.forEach((data, i) => {
    const content = unit.files[i]?.content;
    if (content instanceof Uint8Array) rememberZipData(content, data);
  });
  return unit;
}

/** The render workers, and the units they posted that the caller has not taken yet. */
class RenderPool {
  private readonly workers: Worker[];
  private readonly arrived = new Map<number, RenderedUnit>();
  private finished = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(model: BlueprintModel, options: RenderOptions, zip: boolean, taken: Int32Array) {
    this.workers = Array.from({ length: WORKERS }, (_, worker) => {
      const workerData: RenderWorkerData = {
        model,
        options,
        zip,
        share: { worker, workers: WORKERS, chunk: CHUNK, window: WINDOW },
        taken,
      };
      const thread = new Worker(new URL("./render-worker.js", import.meta.url), {
        workerData,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      thread.on("message", (unit: RenderedUnit | null) => {
        if (unit === null) this.finished++;
        else this.arrived.set(unit.index, remembered(unit));
        this.notify();
      });
      // What a worker throws arrives as a structured clone: a thrown non-Error (handlebars throws its own
      // exception objects) is a plain object by then, so keep its message.
      thread.on("error", (error: unknown) => {
        this.failure ??= error instanceof Error ? error : new Error(`render worker: ${errorMessage(error)}`);
        this.notify();
      });
      thread.on("exit", (code) => {
        if (code !== 0) this.failure ??= new Error(`a render worker exited with code ${code}`);
        this.notify();
      });
      return thread;
    });
  }

  /** Unit `index` once a worker posted it; undefined once every worker is done and none is left. */
  async unit(index: number): Promise<RenderedUnit | undefined> {
    for (;;) {
      const unit = this.arrived.get(index);
      if (unit !== undefined) {
        this.arrived.delete(index);
        return unit;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.finished === this.workers.length) {
        if (this.arrived.size > 0) throw new Error(`render workers: unit ${index} never arrived`);
        return undefined;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
