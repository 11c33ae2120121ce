import type { BlueprintModel } from "./model/model.js";
import { resolve } from "./model/resolve.js";
import { composeBundle } from "./render/bundle.js";
import { composeBundleGroupsInWorkers, type RenderedGroup } from "./render/bundle-in-worker.js";
import { defaultRenderOptions } from "./render/defaults.js";
import type { BundleFile, OutputFile } from "./render/file.js";
import type { RenderOptions } from "./render/options.js";
import { recordedFile, renderRecord, type RecordedFile } from "./render/record.js";
import type { NetworkDescription } from "./spec/network.js";
import { lane7Version } from "./version.js";

/** What a command may set of the render options; the rest are lane7's defaults. */
export type RenderOverrides = Partial<Omit<RenderOptions, "lane7Version">>;

/** A valid network, resolved once, and the bundle it composes to. */
export interface Composition {
  model: BlueprintModel;
  options: RenderOptions;
  /** Every file of the bundle, sorted by path, then the record of them all (.lane7/files.json). */
  files(): BundleFile[];
  /**
   * The same files in groups, large networks rendered on worker threads (see
   * composeBundleGroupsInWorkers); the record comes last, alone. `zip`: they are going into a zip, whose
   * data the workers make too.
   */
  groups(zip?: boolean): AsyncIterable<OutputFile[]>;
}

/** The one way from a network to its bundle: compose, diff, run and deploy all come through here. */
export function composeNetwork(network: NetworkDescription, overrides: RenderOverrides = {}): Composition {
  const model = resolve(network);
  const options = { ...defaultRenderOptions(lane7Version()), ...overrides };
  const about = { lane7Version: options.lane7Version, network: model.name };
  return {
    model,
    options,
    files: () => {
      const files = composeBundle(model, options);
      return [...files, renderRecord(files.map(recordedFile), about)];
    },
    groups: (zip = false) => withRecord(composeBundleGroupsInWorkers(model, options, zip), about),
  };
}

async function* withRecord(
  groups: AsyncIterable<RenderedGroup>,
  about: Parameters<typeof renderRecord>[1],
): AsyncGenerator<OutputFile[]> {
  const recorded: RecordedFile[] = [];
  for await (const group of groups) {
    recorded.push(...group.recorded);
    yield group.files;
  }
  yield [renderRecord(recorded, about)];
}
