import * as z from "zod";
import { NetworkSchema } from "./network.js";

export const NETWORK_SCHEMA_ID = "urn:lane7:schema:network:v1";

/**
 * The JSON Schema of lane7/v1, generated from the zod schema so the two never disagree. Draft-07, which
 * the YAML language server (`# yaml-language-server: $schema=…`) understands fully.
 */
export function networkJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(NetworkSchema, { target: "draft-7", io: "input" });
  return {
    $schema,
    $id: NETWORK_SCHEMA_ID,
    title: "lane7 network description (lane7/v1)",
    description:
      'One network for `lane7 validate` and `lane7 compose`; see the "Network format" section of the lane7 README.',
    ...generated,
  };
}
