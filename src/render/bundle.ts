import type { BlueprintModel, PodModel } from "../model/model.js";
import { renderAppFiles } from "./app/index.js";
import { renderBlueprint } from "./blueprint/blueprint.js";
import { envoyBootstrapYaml } from "./envoy/bootstrap.js";
import { isSafeBundlePath } from "./bundle-path.js";
import { CERTIFICATE_AUTHORITY_FILE } from "./conventions.js";
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
 * The files of `composeBundle`, in the same order, in groups (see bundleUnits), each rendered only when the
 * caller asks for it, so that a writer can work on one group while the next is rendered.
 */
export function* composeBundleGroups(model: BlueprintModel, options: RenderOptions): Generator<BundleFile[]> {
  const order = new BundleOrder();
  for (const unit of bundleUnits(model, options)) {
    const group = renderUnit(unit);
    order.check(group);
    if (group.length > 0) yield group;
  }
}

/** The scripts at the bundle root: each a unit of its own, since pods' directories sort between them. */
const SCRIPTS: readonly string[] = ["deploy.sh", "teardown.sh", "pinhole-setup.sh"];

/** A part of the bundle rendered at once: a top-level file, or a pod's directory (`<pod id>/`). */
export interface BundleUnit {
  /** The path of the file, or of the directory: units sorted by it give the files in path order. */
  key: string;
  render(): BundleFile[];
}

/**
 * The bundle's units in path order, none rendered yet: each top-level file alone, and each pod's directory.
 * Rendering a unit needs nothing of another, so units can be rendered in any order, on any thread; the
 * bundle is their files, unit after unit.
 */
export function bundleUnits(model: BlueprintModel, options: RenderOptions): BundleUnit[] {
  let scripts: BundleFile[] | undefined;
  const renderedScripts = (): BundleFile[] => {
    scripts ??= renderScripts(model, options);
    const other = scripts.find((file) => !SCRIPTS.includes(file.path));
    if (other !== undefined) throw new Error(`composeBundle: ${other.path} is not a known script`);
    return scripts;
  };
  const units: BundleUnit[] = [
    { key: ".gitignore", render: () => [renderGitignore(model, options)] },
    { key: "README.md", render: () => [renderReadme(model, options)] },
    { key: "blueprint.yaml", render: () => [renderBlueprint(model, options)] },
    ...SCRIPTS.map((path) => ({
      key: path,
      render: () => renderedScripts().filter((file) => file.path === path),
    })),
    { key: CERTIFICATE_AUTHORITY_FILE, render: () => renderCertificateAuthorityFile(model) },
    ...model.pods.map((pod) => ({ key: `${pod.id}/`, render: () => podFiles(model, pod, options) })),
  ];
  return units.sort((a, b) => compareBytewise(a.key, b.key));
}

/** A unit's files, sorted, each checked to be a well-formed path of that unit. */
export function renderUnit(unit: BundleUnit): BundleFile[] {
  const group = withYamlCaches(() => unit.render()).sort((a, b) => compareBytewise(a.path, b.path));
  for (const file of group) {
    const inUnit = unit.key.endsWith("/") ? file.path.startsWith(unit.key) : file.path === unit.key;
    if (!inUnit) throw new Error(`composeBundle: ${file.path} was rendered for ${unit.key}`);
  }
  return group;
}

function podFiles(model: BlueprintModel, pod: PodModel, options: RenderOptions): BundleFile[] {
  const envoyYaml = envoyBootstrapYaml(model, pod, options);
  return [...renderPodManifests(model, pod, options, envoyYaml), ...renderAppFiles(model, pod, options)];
}

/** The writers trust these paths: relative, `/`-separated, no `.`/`..` segments, each path once, in order. */
export class BundleOrder {
  private previous: string | undefined;

  check(group: readonly Pick<BundleFile, "path">[]): void {
    for (const file of group) {
      if (!isSafeBundlePath(file.path)) {
        throw new Error(`composeBundle: a renderer produced the unsafe path ${JSON.stringify(file.path)}`);
      }
      if (this.previous !== undefined && compareBytewise(this.previous, file.path) >= 0) {
        throw new Error(`composeBundle: ${file.path} comes twice or out of order`);
      }
      this.previous = file.path;
    }
  }
}
