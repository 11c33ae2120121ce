import { resolve as resolvePath } from "node:path";
import type { Composition } from "../composition.js";
import { readDirectorySide, readZipSide, sideKind } from "../diff/load-side.js";
import { SideError } from "../diff/side.js";
import { UserError } from "../exit-codes.js";
import type { Io } from "../io.js";
import type { BlueprintModel } from "../model/model.js";
import { CERTIFICATE_AUTHORITY_FILE } from "../render/conventions.js";
import { MANIFEST_FILES } from "../render/k8s/manifests.js";
import { manifestObjects } from "./manifest-objects.js";
import { blueprintModel } from "../run/load-bundle.js";

/** A Kubernetes object of a bundle's manifests, as far as lane7 reads it. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The network a cluster command works on: its model and the objects its bundle puts on the cluster. */
export interface NetworkTarget {
  /** The argument, as the user gave it, for messages. */
  source: string;
  model: BlueprintModel;
  /**
   * The certificate authority's objects (open-mtls), then every object of every pod's manifests, pods in
   * deploy order (downstream first), each pod's in file order (namespace, secrets, the rest). A Secret keeps
   * only its apiVersion, kind and metadata: no value is read.
   */
  objects: ManifestObject[];
}

/** A network file, read, validated and composed as the command composes it, and what compose would warn. */
export type NetworkComposer = (file: string) => Promise<{ composition: Composition; warnings: string[] }>;

/** The files of BUNDLE|NETWORK, as deploy, status and teardown read them. */
export interface TargetFiles {
  /** The argument, as the user gave it, for messages. */
  source: string;
  /** A network file composed in memory (it has no pinhole-setup.sh of its own on disk). */
  composed: boolean;
  model: BlueprintModel;
  /** The text of each file of the bundle, by its path. */
  files: ReadonlyMap<string, string>;
  /** What compose would warn about, for a network file. */
  warnings: string[];
}

/**
 * BUNDLE|NETWORK: a bundle directory or zip (its blueprint.yaml and manifests), or a network file composed
 * in memory by `compose`.
 */
export async function loadTargetFiles(
  argument: string,
  io: Io,
  compose: NetworkComposer,
): Promise<TargetFiles> {
  const path = resolvePath(io.cwd, argument);
  try {
    const kind = await sideKind(path, argument);
    if (kind === "file") {
      const { composition, warnings } = await compose(argument);
      const files = new Map(composition.files().map((file) => [file.path, file.content]));
      return { source: argument, composed: true, model: composition.model, files, warnings };
    }
    const side = kind === "zip" ? await readZipSide(path, argument) : await readDirectorySide(path, argument);
    const files = new Map<string, string>();
    for (const [name, file] of side.files) if (!file.binary) files.set(name, file.content);
    const blueprint = files.get("blueprint.yaml");
    if (blueprint === undefined) throw new UserError(`${argument}: not a lane7 bundle (no blueprint.yaml)`);
    const model = blueprintModel(blueprint, `${argument}: blueprint.yaml`);
    return { source: argument, composed: false, model, files, warnings: [] };
  } catch (error) {
    if (error instanceof SideError) throw new UserError(error.message);
    throw error;
  }
}

/** BUNDLE|NETWORK with the objects its manifests put on the cluster (Secrets without their values). */
export async function loadTarget(argument: string, io: Io, compose: NetworkComposer): Promise<NetworkTarget> {
  const bundle = await loadTargetFiles(argument, io, compose);
  const { model, files } = bundle;
  const objects: ManifestObject[] = certificateAuthorityObjects(bundle);
  for (const pod of model.deployOrder) {
    for (const manifest of Object.values(MANIFEST_FILES)) {
      const file = `${pod}/${manifest}`;
      const text = files.get(file);
      if (text === undefined)
        throw new UserError(`${argument}: ${file} is missing: compose the bundle again`);
      for (const object of manifestObjects(text, `${argument}: ${file}`)) objects.push(withoutValues(object));
    }
  }
  return { source: argument, model, objects };
}

/** A Secret as far as the cluster commands read it: its apiVersion, kind and metadata, no value. */
function withoutValues(object: ManifestObject): ManifestObject {
  const { apiVersion, kind, metadata } = object;
  return kind === "Secret" ? { apiVersion, kind, metadata } : object;
}

/** open-mtls: the objects of the bundle's certificate-authority.yaml, applied before any pod's; none in wosp. */
export function certificateAuthorityObjects(bundle: TargetFiles): ManifestObject[] {
  if (bundle.model.security.profile === "wosp") return [];
  const where = `${bundle.source}: ${CERTIFICATE_AUTHORITY_FILE}`;
  const text = bundle.files.get(CERTIFICATE_AUTHORITY_FILE);
  if (text === undefined) throw new UserError(`${where} is missing: compose the bundle again`);
  return manifestObjects(text, where);
}
