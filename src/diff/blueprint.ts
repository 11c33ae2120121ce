import { blueprintProblem, BlueprintSchema, type BlueprintDocument } from "../render/blueprint/schema.js";
import { SideError, type Side } from "./side.js";
import type { YamlReader } from "./yaml-documents.js";

export type Blueprint = BlueprintDocument;

export function readBlueprint(side: Side, read: YamlReader): Blueprint {
  const documents = read(side.files.get("blueprint.yaml")?.content ?? "", `${side.source}: blueprint.yaml`);
  if (documents?.length !== 1) throw invalid(side, "not one well-formed YAML document");
  const result = BlueprintSchema.safeParse(documents[0]);
  if (!result.success) throw invalid(side, blueprintProblem(result.error));
  return result.data;
}

function invalid(side: Side, why: string): SideError {
  return new SideError(`${side.source}: blueprint.yaml is not a lane7/v1 blueprint (${why})`);
}
