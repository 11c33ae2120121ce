import { parentPort, workerData } from "node:worker_threads";
import type { BlueprintModel } from "../model/model.js";
import { composeBundleGroups } from "./bundle.js";
import type { RenderOptions } from "./options.js";

/** The worker side of `composeBundleGroupsInWorker`: renders the groups in order and posts each one. */
const { model, options } = workerData as { model: BlueprintModel; options: RenderOptions };
for (const group of composeBundleGroups(model, options)) parentPort?.postMessage(group);
parentPort?.postMessage(null);
