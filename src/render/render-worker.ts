import { parentPort, workerData } from "node:worker_threads";
import { bundleUnits, renderUnit } from "./bundle.js";
import { zipData } from "../write/zip-data.js";
import { recordedFile } from "./record.js";
import type { RenderWorkerData, RenderedUnit } from "./render-worker-protocol.js";

/**
 * The worker side of `composeBundleGroupsInWorkers`: renders its share of the units in order and posts
 * each, waiting while it is a window ahead of what the caller has taken (so memory stays bounded).
 */
const { model, options, zip, share, taken } = workerData as RenderWorkerData;
const units = bundleUnits(model, options);
/** Encodes into a fresh buffer each time (never a shared pool's), which can be transferred. */
const utf8 = new TextEncoder();
for (let index = 0; index < units.length; index++) {
  if (Math.floor(index / share.chunk) % share.workers !== share.worker) continue;
  for (let seen = Atomics.load(taken, 0); index - seen > share.window; seen = Atomics.load(taken, 0)) {
    Atomics.wait(taken, 0, seen, 100);
  }
  const files = renderUnit(units[index] as (typeof units)[number]);
  const encoded = files.map((file) => ({ ...file, content: utf8.encode(file.content) }));
  const unit: RenderedUnit = { index, files: encoded, recorded: files.map(recordedFile) };
  const transfer = new Set(encoded.map((file) => file.content.buffer));
  if (zip) {
    unit.zipData = encoded.map((file) => zipData(file.content));
    // Each file's data is its own content (stored), or the fresh buffer zipData deflated into.
    for (const data of unit.zipData) transfer.add(data.data.buffer as ArrayBuffer);
  }
  parentPort?.postMessage(unit, [...transfer]);
}
parentPort?.postMessage(null);
