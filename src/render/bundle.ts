import type { BlueprintModel, PodModel } from "../model/model.js";
import { renderAppFiles } from "./app/index.js";
import { renderBlueprint } from "./blueprint/blueprint.js";
import { envoyBootstrapYaml } from "./envoy/bootstrap.js";
import { isSafeBundlePath } from "./bundle-path.js";
import type { BundleFile } from "./file.js";
import { renderGitignore } from "./gitignore.js";
import { renderCertificateAuthorityFile, renderPodManifests } from "./k8s/index.js";
import type { RenderOptions } from "./options.js";
import { compareBytewise } from "./path-order.js";
import { renderReadme } from "./readme/readme.js";
import { renderScripts } from "./scripts/scripts.js";
import { withYamlCaches } from "./yaml.js";

/**
 * Every file of the bundle, paths relative to the bundle root, sorted by path. Pure: the same model and
 * options give the same files, in the same order, on any machine.
 */
export function composeBundle(model: BlueprintModel, options: RenderOptions): BundleFile[] {
  return [...composeBundleGroups(model, options)].flat();
}

/**
 * The files of `composeBundle`, in the same order, in groups: each top-level file alone, and each pod's
 * directory as one group rendered only when the caller asks for it, so that a writer can work on one
 * group (the zip writer deflates in the background) while the next is rendered.
 */
export function* composeBundleGroups(model: BlueprintModel, options: RenderOptions): Generator<BundleFile[]> {
  const topLevel = [
    renderGitignore(model, options),
    renderReadme(model, options),
    renderBlueprint(model, options),
    ...renderScripts(model, options),
    ...renderCertificateAuthorityFile(model),
  ];
  const units = [
    ...topLevel.map((file) => ({ key: file.path, render: () => [file] })),
    ...model.pods.map((pod) => ({ key: `${pod.id}/`, render: () => podFiles(model, pod, options) })),
  ].sort((a, b) => compareBytewise(a.key, b.key));
  let previous: string | undefined;
  for (const unit of units) {
    const group = withYamlCaches(unit.render).sort((a, b) => compareBytewise(a.path, b.path));
    for (const file of group) {
      assertWellFormed(file, previous);
      previous = file.path;
    }
    yield group;
  }
}

function podFiles(model: BlueprintModel, pod: PodModel, options: RenderOptions): BundleFile[] {
  const envoyYaml = envoyBootstrapYaml(model, pod, options);
  return [...renderPodManifests(model, pod, options, envoyYaml), ...renderAppFiles(model, pod, options)];
}

/** The writers trust these paths: relative, `/`-separated, no `.`/`..` segments, each path once. */
function assertWellFormed(file: BundleFile, previous: string | undefined): void {
  if (!isSafeBundlePath(file.path)) {
    throw new Error(`composeBundle: a renderer produced the unsafe path ${JSON.stringify(file.path)}`);
  }
  if (previous !== undefined && compareBytewise(previous, file.path) >= 0) {
    throw new Error(`composeBundle: ${file.path} comes twice or out of order`);
  }
}
