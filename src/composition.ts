import type { BlueprintModel } from "./model/model.js";
import { resolve } from "./model/resolve.js";
import { composeBundle } from "./render/bundle.js";
import { composeBundleGroupsInWorker } from "./render/bundle-in-worker.js";
import { defaultRenderOptions } from "./render/defaults.js";
import type { BundleFile } from "./render/file.js";
import type { RenderOptions } from "./render/options.js";
import type { NetworkDescription } from "./spec/network.js";
import { lane7Version } from "./version.js";

/** What a command may set of the render options; the rest are lane7's defaults. */
export type RenderOverrides = Partial<Omit<RenderOptions, "lane7Version">>;

/** A valid network, resolved once, and the bundle it composes to. */
export interface Composition {
  model: BlueprintModel;
  options: RenderOptions;
  /** Every file of the bundle, sorted by path. */
  files(): BundleFile[];
  /** The same files in groups, large networks rendered on a worker (see composeBundleGroupsInWorker). */
  groups(): AsyncIterable<BundleFile[]>;
}

/** The one way from a network to its bundle: compose, diff, run and deploy all come through here. */
export function composeNetwork(network: NetworkDescription, overrides: RenderOverrides = {}): Composition {
  const model = resolve(network);
  const options = { ...defaultRenderOptions(lane7Version()), ...overrides };
  return {
    model,
    options,
    files: () => composeBundle(model, options),
    groups: () => composeBundleGroupsInWorker(model, options),
  };
}
