import { resolve as resolvePath } from "node:path";
import { composeNetwork } from "../composition.js";
import { readDirectorySide, readZipSide, sideKind } from "../diff/load-side.js";
import { SideError } from "../diff/side.js";
import { parseYamlDocuments, YamlAliasError } from "../diff/yaml-documents.js";
import { UserError } from "../exit-codes.js";
import type { Io } from "../io.js";
import type { BlueprintModel } from "../model/model.js";
import { MANIFEST_FILES } from "../render/k8s/manifests.js";
import { blueprintModel } from "../run/load-bundle.js";
import type { NetworkDescription } from "../spec/network.js";

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
   * Every object of every pod's manifests, pods in deploy order (downstream first), each pod's in file order
   * (namespace, secrets, the rest). A Secret keeps only its apiVersion, kind and metadata: no value is read.
   */
  objects: ManifestObject[];
}

/** Reads and validates a network file (the CLI's readValidNetwork), throwing a UserError when it cannot. */
export type NetworkReader = (file: string) => Promise<NetworkDescription>;

/**
 * BUNDLE|NETWORK: a bundle directory or zip (its blueprint.yaml and manifests), or a network file, read by
 * `readNetwork` and composed in memory without credentials.
 */
export async function loadTarget(
  argument: string,
  io: Io,
  readNetwork: NetworkReader,
): Promise<NetworkTarget> {
  const files = await bundleFiles(argument, resolvePath(io.cwd, argument), readNetwork);
  const blueprint = files.get("blueprint.yaml");
  if (blueprint === undefined) throw new UserError(`${argument}: not a lane7 bundle (no blueprint.yaml)`);
  const model = blueprintModel(blueprint, `${argument}: blueprint.yaml`);
  const objects: ManifestObject[] = [];
  for (const pod of model.deployOrder) {
    for (const manifest of Object.values(MANIFEST_FILES)) {
      const file = `${pod}/${manifest}`;
      const text = files.get(file);
      if (text === undefined)
        throw new UserError(`${argument}: ${file} is missing: compose the bundle again`);
      objects.push(...manifestObjects(text, `${argument}: ${file}`));
    }
  }
  return { source: argument, model, objects };
}

async function bundleFiles(
  argument: string,
  path: string,
  readNetwork: NetworkReader,
): Promise<ReadonlyMap<string, string>> {
  try {
    const kind = await sideKind(path, argument);
    if (kind === "file") {
      const composition = composeNetwork(await readNetwork(argument));
      return new Map(composition.files().map((file) => [file.path, file.content]));
    }
    const side = kind === "zip" ? await readZipSide(path, argument) : await readDirectorySide(path, argument);
    return new Map([...side.files].map(([name, file]) => [name, file.content]));
  } catch (error) {
    if (error instanceof SideError) throw new UserError(error.message);
    throw error;
  }
}

function manifestObjects(text: string, label: string): ManifestObject[] {
  let documents: unknown[] | undefined;
  try {
    documents = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlAliasError) throw new UserError(`${label}: ${error.message}`);
    throw error;
  }
  if (documents === undefined) throw new UserError(`${label}: not well-formed YAML`);
  return documents.map((document, index) => {
    if (!isManifestObject(document)) {
      throw new UserError(`${label}: document ${index + 1} is not a Kubernetes object with a name`);
    }
    const { apiVersion, kind, metadata } = document;
    return kind === "Secret" ? { apiVersion, kind, metadata } : document;
  });
}

function isManifestObject(value: unknown): value is ManifestObject {
  if (typeof value !== "object" || value === null) return false;
  const object = value as Record<string, unknown>;
  const metadata = object.metadata;
  return (
    typeof object.apiVersion === "string" &&
    typeof object.kind === "string" &&
    typeof metadata === "object" &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === "string"
  );
}
