import { Worker } from "node:worker_threads";
import { errorMessage } from "../error-message.js";
import type { BlueprintModel } from "../model/model.js";
import { composeBundleGroups } from "./bundle.js";
import type { BundleFile } from "./file.js";
import type { RenderOptions } from "./options.js";

/** Below this many pods a worker's start-up costs more than it saves. */
const WORKER_MIN_PODS = 200;

/**
 * `composeBundleGroups`, rendered on a worker thread for large networks, so that a writer on this thread
 * (the zip: archiver here, deflate on the thread pool) runs while the next groups render. Same groups,
 * same order, same bytes: the worker runs the very same function.
 */
export async function* composeBundleGroupsInWorker(
  model: BlueprintModel,
  options: RenderOptions,
): AsyncGenerator<BundleFile[]> {
  if (model.pods.length < WORKER_MIN_PODS) {
    yield* composeBundleGroups(model, options);
    return;
  }
  const worker = new Worker(new URL("./render-worker.js", import.meta.url), {
    workerData: { model, options },
  });
  const arrived: (BundleFile[] | null)[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (group: BundleFile[] | null) => {
    arrived.push(group);
    notify();
  });
  // What the worker throws arrives as a structured clone: a thrown non-Error (handlebars throws its own
  // exception objects) is a plain object by then, so keep its message.
  worker.on("error", (error: unknown) => {
    failure = error instanceof Error ? error : new Error(`render worker: ${errorMessage(error)}`);
    notify();
  });
  worker.on("exit", (code) => {
    if (code !== 0) failure ??= new Error(`the render worker exited with code ${code}`);
    notify();
  });
  try {
    for (;;) {
      const group = arrived.shift();
      if (group === null) return;
      if (group !== undefined) {
        yield group;
        continue;
      }
      if (failure !== undefined) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
