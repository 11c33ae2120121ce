import { z } from "zod";

// zod compiles a fast path for each object schema on its first parse; a CLI that parses one document per
// run pays for the compiling and rarely profits (measured: faster start-up, no loss at 1,000 pods).
z.config({ jitless: true });
import { LIMITS, MODES, PROTOCOLS, ROLES } from "./constants.js";

/**
 * The network description, format `lane7/v1` (README.md, "Network format"). Every object is strict: an
 * unknown key is a finding, never silently ignored. Rules that need the whole graph (names, ports,
 * degrees) live in src/validate/rules, so that each has its own rule id.
 */
const id = z
  .string()
  .min(1)
  .max(LIMITS.idLength * 4);

export const PinholeSchema = z.strictObject({
  tier: z.literal([1, 2]).describe("1: HTTPS (server TLS); 2: HTTPS with client certificates (mutual TLS)"),
  port: z
    .int()
    .optional()
    .describe("listener port, 1024-65535 except 8000, 8001, 9901, 9902 and 18000-18999; default 19000"),
});

export const PodSchema = z.strictObject({
  id: id.describe("DNS-1035 label, unique in the network; names the pod's Deployment and Service"),
  role: z.enum(ROLES),
  protocol: z.enum(PROTOCOLS).optional().describe("what the pod listens on; default http"),
  pinhole: PinholeSchema.optional().describe("boundary access for external callers"),
});

export const EdgeSchema = z.strictObject({
  from: id,
  to: id,
});

export const NetworkSchema = z.strictObject({
  apiVersion: z.literal("lane7/v1"),
  kind: z.literal("Network"),
  metadata: z.strictObject({
    name: id.describe("DNS-1035 label; prefixes every namespace"),
    title: z
      .string()
      .max(LIMITS.titleLength)
      .optional()
      .describe("free text for the README and blueprint.yaml"),
  }),
  spec: z.strictObject({
    mode: z.enum(MODES).optional().describe("default armored-tunnel"),
    pods: z.array(PodSchema).min(1).max(LIMITS.pods),
    edges: z.array(EdgeSchema).max(LIMITS.edges),
  }),
});

export type NetworkDescription = z.infer<typeof NetworkSchema>;
export type PodDescription = z.infer<typeof PodSchema>;
export type EdgeDescription = z.infer<typeof EdgeSchema>;
