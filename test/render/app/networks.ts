import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { resolve } from "../../../src/model/resolve.js";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { renderAppFiles } from "../../../src/render/app/index.js";
import type { BundleFile } from "../../../src/render/file.js";
import type { NetworkDescription } from "../../../src/spec/network.js";
import { EXAMPLES } from "../../support/models.js";

export { exampleModel } from "../../support/models.js";

export const OPTIONS = defaultRenderOptions("0.0.0-test");

/** Every examples/*.yaml, by file name without extension. */
export function exampleNames(): string[] {
  return [...EXAMPLES];
}

/** A model straight from a description, skipping validation (to feed renderers text validation would refuse). */
export function modelOf(
  name: string,
  title: string,
  pods: NetworkDescription["spec"]["pods"],
  edges: [string, string][],
): BlueprintModel {
  return resolve({
    apiVersion: "lane7/v1",
    kind: "Network",
    metadata: { name, title },
    spec: { pods, edges: edges.map(([from, to]) => ({ from, to })) },
  });
}

export function podOf(model: BlueprintModel, id: string): PodModel {
  const pod = model.pods.find((candidate) => candidate.id === id);
  if (!pod) throw new Error(`no pod ${id} in ${model.name}`);
  return pod;
}

export function appFiles(model: BlueprintModel): BundleFile[] {
  return model.pods.flatMap((pod) => renderAppFiles(model, pod, OPTIONS));
}

export function fileContent(files: BundleFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(", ")}`);
  return file.content;
}
