import type { BlueprintModel, PodModel } from "../model/model.js";
import { renderAppFiles } from "./app/index.js";
import { renderBlueprint } from "./blueprint/blueprint.js";
import { envoyBootstrapYaml } from "./envoy/bootstrap.js";
import type { BundleFile } from "./file.js";
import { renderPodManifests } from "./k8s/index.js";
import type { RenderOptions } from "./options.js";
import { compareBytewise } from "./path-order.js";
import { renderReadme } from "./readme/readme.js";
import { renderScripts } from "./scripts/scripts.js";

/**
 * Every file of the bundle, paths relative to the bundle root, sorted by path. Pure: the same model and
 * options give the same files, in the same order, on any machine.
 */
export function composeBundle(model: BlueprintModel, options: RenderOptions): BundleFile[] {
  const files = [
    renderReadme(model, options),
    renderBlueprint(model, options),
    ...renderScripts(model, options),
    ...model.pods.flatMap((pod) => podFiles(model, pod, options)),
  ];
  files.sort((a, b) => compareBytewise(a.path, b.path));
  assertWellFormed(files);
  return files;
}

function podFiles(model: BlueprintModel, pod: PodModel, options: RenderOptions): BundleFile[] {
  const envoyYaml = envoyBootstrapYaml(model, pod, options);
  return [...renderPodManifests(model, pod, options, envoyYaml), ...renderAppFiles(model, pod, options)];
}

const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

/** The writers trust these paths: relative, `/`-separated, no `.`/`..` segments, each path once. */
function assertWellFormed(sorted: readonly BundleFile[]): void {
  sorted.forEach((file, index) => {
    if (!file.path.split("/").every((segment) => SEGMENT.test(segment))) {
      throw new Error(`composeBundle: a renderer produced the unsafe path ${JSON.stringify(file.path)}`);
    }
    if (index > 0 && sorted[index - 1]?.path === file.path) {
      throw new Error(`composeBundle: two renderers produced ${file.path}`);
    }
  });
}
