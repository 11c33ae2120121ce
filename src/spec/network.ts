import * as z from "zod";

// zod compiles a fast path for each object schema on its first parse; a CLI that parses one document per
// run pays for the compiling and rarely profits (measured: faster start-up, no loss at 1,000 pods).
z.config({ jitless: true });
import {
  AUTO_TRIGGER_DEFAULTS,
  CLUSTER_DEFAULTS,
  LIMITS,
  MODES,
  PROFILES,
  PROTOCOLS,
  ROLES,
  SECURITY_DEFAULTS,
} from "./constants.js";

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

const cidr = z.union([z.cidrv4(), z.cidrv6()], {
  error: "must be a CIDR block, such as 10.0.0.0/8 or fd00::/8",
});
const label = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a DNS label (a-z, 0-9 and -)" })
  .max(63);

export const ClusterSchema = z
  .strictObject({
    domain: z
      .string()
      .max(200)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
        error: "must be a DNS domain, such as cluster.local",
      })
      .optional()
      .describe(`the cluster's DNS domain; default ${CLUSTER_DEFAULTS.domain}`),
    dns: z
      .strictObject({
        namespace: label
          .optional()
          .describe(`where the cluster DNS runs; default ${CLUSTER_DEFAULTS.dnsNamespace}`),
        port: z.int().min(1).max(65535).optional().describe(`its port; default ${CLUSTER_DEFAULTS.dnsPort}`),
        cidrs: z
          .array(cidr)
          .max(LIMITS.cidrs)
          .optional()
          .describe("DNS servers outside that namespace, e.g. NodeLocal DNSCache's 169.254.20.10/32"),
      })
      .optional()
      .describe("where pods may send DNS queries (the NetworkPolicy)"),
    outboundHttps: z
      .array(cidr)
      .min(1)
      .max(LIMITS.cidrs)
      .optional()
      .describe("where sidecars may open HTTPS (TCP 443) connections; default anywhere"),
  })
  .describe("the cluster the blueprint runs on");

export const AutoTriggerSchema = z
  .strictObject({
    count: z
      .int()
      .min(0)
      .max(LIMITS.autoTriggerCount)
      .optional()
      .describe(
        `test tasks each initiator starts after start-up; 0: none; default ${AUTO_TRIGGER_DEFAULTS.count}`,
      ),
    interval: z
      .number()
      .min(0.1)
      .max(3600)
      .optional()
      .describe(`seconds between them; default ${AUTO_TRIGGER_DEFAULTS.interval}`),
  })
  .describe("the test tasks that prove the path end to end");

export const SecuritySchema = z
  .strictObject({
    profile: z
      .enum(PROFILES)
      .optional()
      .describe(
        "wosp: the WoSP sidecar (Hopr licence; spec.mode applies); open-mtls: upstream Envoy with mutual " +
          `TLS and cert-manager workload certificates; default ${SECURITY_DEFAULTS.profile}`,
      ),
    certificateHours: z
      .int()
      .min(1)
      .max(LIMITS.certificateHours)
      .optional()
      .describe(
        "open-mtls: lifetime of each workload certificate in hours, renewed by cert-manager a third of it " +
          `before expiry; default ${SECURITY_DEFAULTS.certificateHours}`,
      ),
    certManagerNamespace: label
      .optional()
      .describe(
        "open-mtls: cert-manager's cluster resource namespace, where the network's CA Secret is kept; " +
          `default ${SECURITY_DEFAULTS.certManagerNamespace}`,
      ),
  })
  .describe("how sidecars prove their identity to each other");

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
    mode: z.enum(MODES).optional().describe("the WoSP profile's mode; default armored-tunnel"),
    security: SecuritySchema.optional(),
    cluster: ClusterSchema.optional(),
    autoTrigger: AutoTriggerSchema.optional(),
    pods: z.array(PodSchema).min(1).max(LIMITS.pods),
    edges: z.array(EdgeSchema).max(LIMITS.edges),
  }),
});

export type NetworkDescription = z.infer<typeof NetworkSchema>;
export type PodDescription = z.infer<typeof PodSchema>;
export type EdgeDescription = z.infer<typeof EdgeSchema>;
export type ClusterDescription = z.infer<typeof ClusterSchema>;
export type SecurityDescription = z.infer<typeof SecuritySchema>;
export type AutoTriggerDescription = z.infer<typeof AutoTriggerSchema>;
