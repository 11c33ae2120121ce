import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { YAML_TOO_DEEP } from "../diff/yaml-documents.js";
import { UserError } from "../exit-codes.js";
import type { BlueprintModel, PodModel } from "../model/model.js";
import { workloadIdentityOf } from "../model/names.js";
import { securityModel } from "../model/resolve.js";
import { blueprintProblem, BlueprintSchema, type BlueprintDocument } from "../render/blueprint/schema.js";

/** What `lane7 run` runs: the network, and the app.py of each pod. */
export interface LoadedBlueprint {
  model: BlueprintModel;
  /** The directory holding each pod's <pod>/app/app.py. */
  root: string;
  /** Removes whatever loading created. */
  dispose(): Promise<void>;
}

/** Where a pod's app.py is in a bundle (or in the directory a network file was composed into). */
export function appFile(root: string, pod: string): string {
  return join(root, pod, "app", "app.py");
}

export async function loadBundle(dir: string): Promise<LoadedBlueprint> {
  const file = join(dir, "blueprint.yaml");
  const text = await readFile(file, "utf8").catch(() => {
    throw new UserError(`${dir} is not a lane7 bundle: it has no readable blueprint.yaml`);
  });
  const model = blueprintModel(text, file);
  for (const pod of model.pods) {
    const found = await stat(appFile(dir, pod.id)).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!found) throw new UserError(`${appFile(dir, pod.id)} is missing: compose the bundle again`);
  }
  return { model, root: dir, dispose: () => Promise.resolve() };
}

/** The model a bundle was composed from, read back from its blueprint.yaml (`text`, read from `file`). */
export function blueprintModel(text: string, file: string): BlueprintModel {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    // The parser recurses once per level of nesting.
    if (error instanceof RangeError) throw new UserError(`${file}: ${YAML_TOO_DEEP}`);
    throw new UserError(`${file}: not YAML: ${(error as Error).message}`);
  }
  const parsed = BlueprintSchema.safeParse(document);
  if (!parsed.success) {
    throw new UserError(`${file}: not a lane7/v1 blueprint: ${blueprintProblem(parsed.error)}`);
  }
  return modelOf(parsed.data, file);
}

/** The model the bundle was composed from, rebuilt from its blueprint.yaml. */
function modelOf(document: BlueprintDocument, file: string): BlueprintModel {
  const pods = document.pods.map((pod): PodModel => ({
    id: pod.id,
    role: pod.role,
    protocol: pod.protocol,
    namespace: pod.namespace,
    host: pod.service,
    pinhole: pod.pinhole,
    identity: pod.identity ?? workloadIdentityOf(document.network.name, pod.id, document.cluster.domain),
    upstream: [],
    downstream: [],
    isExit: pod.exit,
  }));
  const byId = new Map(pods.map((pod) => [pod.id, pod]));
  for (const edge of document.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) throw new UserError(`${file}: the edge ${edge.from} → ${edge.to} names an unknown pod`);
    from.downstream.push({
      pod: to.id,
      namespace: to.namespace,
      host: to.host,
      identity: to.identity,
      protocol: to.protocol,
      egressPort: edge.egressPort,
    });
    to.upstream.push(from.id);
  }
  return {
    name: document.network.name,
    title: document.network.title,
    // A blueprint without `security` is of an earlier release: those are all wosp, the default.
    security: securityModel(document.security),
    mode: document.mode,
    chipsAlgorithm: document.chipsAlgorithm,
    pods,
    edges: document.edges.map(({ from, to, protocol, egressPort }) => ({ from, to, protocol, egressPort })),
    deployOrder: document.deployOrder,
    cluster: document.cluster,
    autoTrigger: { count: document.autoTrigger.count, intervalSeconds: document.autoTrigger.interval },
  };
}
