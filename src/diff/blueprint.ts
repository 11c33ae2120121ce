import { z } from "zod";
import { MODES, PROTOCOLS, ROLES } from "../spec/constants.js";
import { SideError, type Side } from "./side.js";
import type { YamlReader } from "./yaml-documents.js";

/**
 * The part of blueprint.yaml (`BlueprintDocument`) the diff reads. Unknown fields are allowed: the
 * document only ever gains fields within `apiVersion: lane7/v1`.
 */
const BlueprintSchema = z.object({
  apiVersion: z.literal("lane7/v1"),
  kind: z.literal("Blueprint"),
  generator: z.object({ version: z.string() }),
  network: z.object({ name: z.string(), title: z.string() }),
  mode: z.enum(MODES),
  pods: z.array(
    z.object({
      id: z.string(),
      role: z.enum(ROLES),
      protocol: z.enum(PROTOCOLS),
      namespace: z.string(),
      pinhole: z.object({ tier: z.union([z.literal(1), z.literal(2)]), port: z.number() }).nullable(),
    }),
  ),
  edges: z.array(z.object({ from: z.string(), to: z.string(), protocol: z.enum(PROTOCOLS) })),
});

export type Blueprint = z.infer<typeof BlueprintSchema>;

export function readBlueprint(side: Side, read: YamlReader): Blueprint {
  const documents = read(side.files.get("blueprint.yaml")?.content ?? "", `${side.source}: blueprint.yaml`);
  if (documents?.length !== 1) throw invalid(side, "not one well-formed YAML document");
  const result = BlueprintSchema.safeParse(documents[0]);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(side, issue ? `${issue.path.join(".") || "document"}: ${issue.message}` : "invalid");
  }
  return result.data;
}

function invalid(side: Side, why: string): SideError {
  return new SideError(`${side.source}: blueprint.yaml is not a lane7/v1 blueprint (${why})`);
}
