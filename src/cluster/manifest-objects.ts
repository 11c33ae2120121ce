import { parseYamlDocuments, YamlLimitError } from "../diff/yaml-documents.js";
import { UserError } from "../exit-codes.js";
import type { KubeObject } from "./objects.js";

/**
 * The Kubernetes objects of one manifest file (`where` names it in messages), read as kubectl reads it
 * (YAML 1.1, aliases bounded); empty documents are left out. Anything else is a UserError.
 */
export function manifestObjects(text: string, where: string): KubeObject[] {
  let documents: unknown[] | undefined;
  try {
    documents = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlLimitError) throw new UserError(`${where}: ${error.message}`);
    throw error;
  }
  if (documents === undefined) throw new UserError(`${where}: not well-formed YAML`);
  return documents
    .filter((document) => document !== null)
    .map((document) => {
      if (!isKubeObject(document)) {
        throw new UserError(
          `${where}: a document is not a Kubernetes object (apiVersion, kind, metadata.name)`,
        );
      }
      return document;
    });
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== "object" || value === null) return false;
  const { apiVersion, kind, metadata } = value as Partial<Record<string, unknown>>;
  return (
    typeof apiVersion === "string" &&
    typeof kind === "string" &&
    typeof metadata === "object" &&
    metadata !== null &&
    typeof (metadata as { name?: unknown }).name === "string"
  );
}
