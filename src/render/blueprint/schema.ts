import * as z from "zod";
import { MODES, PROFILES, PROTOCOLS, ROLES } from "../../spec/constants.js";

/**
 * blueprint.yaml's one schema: the renderer's output type, and what `lane7 diff`, `lane7 run` and the
 * cluster commands read back. Every object is loose: within `apiVersion: lane7/v1` the document only ever
 * gains fields, so a reader accepts fields it does not know.
 */
const port = z.number().int().min(1).max(65535);
const podId = z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
  error: "is not a pod id (a DNS-1035 label: it names a directory of the bundle)",
});
const pinhole = z.looseObject({ tier: z.union([z.literal(1), z.literal(2)]), port });
/** wosp: Hopr's WoSP sidecar; mtls: mutual TLS with cert-manager workload certificates (open-mtls). */
export const POD_AUTHENTICATIONS = ["wosp", "mtls"] as const;
export type PodAuthentication = (typeof POD_AUTHENTICATIONS)[number];

export const BlueprintPodSchema = z.looseObject({
  id: podId,
  role: z.enum(ROLES),
  protocol: z.enum(PROTOCOLS),
  namespace: z.string(),
  service: z.string(),
  /** Absent in bundles of earlier lane7 releases, which were all of the wosp profile. */
  identity: z.string().optional(),
  exit: z.boolean(),
  ports: z.looseObject({
    app: port,
    control: port,
    ingress: port,
    egress: z.record(z.string(), port),
    pinhole: port.nullable(),
  }),
  upstream: z.array(z.string()),
  downstream: z.array(z.string()),
  pinhole: pinhole.nullable(),
  posture: z.looseObject({
    admits: z.array(z.string()),
    reaches: z.array(z.string()),
    boundary: z.enum(["none", "tier-1", "tier-2"]),
    /** Absent in bundles of earlier lane7 releases, which were all of the wosp profile. */
    authentication: z.enum(POD_AUTHENTICATIONS).optional(),
  }),
});

export const BlueprintSchema = z.looseObject({
  apiVersion: z.literal("lane7/v1"),
  kind: z.literal("Blueprint"),
  generator: z.looseObject({ name: z.literal("lane7"), version: z.string() }),
  network: z.looseObject({ name: z.string(), title: z.string() }),
  /** Absent in bundles of earlier lane7 releases: those are all of the wosp profile. */
  security: z
    .looseObject({
      profile: z.enum(PROFILES),
      certificateHours: z.number().int().positive().optional(),
      certManagerNamespace: z.string().optional(),
    })
    .optional(),
  mode: z.enum(MODES),
  chipsAlgorithm: z.enum(["xtra4", "xtra7"]),
  pods: z.array(BlueprintPodSchema),
  edges: z.array(
    z.looseObject({ from: z.string(), to: z.string(), protocol: z.enum(PROTOCOLS), egressPort: port }),
  ),
  deployOrder: z.array(z.string()),
  cluster: z.looseObject({
    domain: z.string(),
    dns: z.looseObject({ namespace: z.string(), port, cidrs: z.array(z.string()) }),
    outboundHttps: z.array(z.string()).nullable(),
  }),
  autoTrigger: z.looseObject({ count: z.number().int().min(0), interval: z.number().positive() }),
});

export type BlueprintDocument = z.infer<typeof BlueprintSchema>;
export type BlueprintPod = z.infer<typeof BlueprintPodSchema>;

/** The first problem of a document that is not a blueprint, as `path: message`. */
export function blueprintProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "document"}: ${issue.message}` : "invalid";
}
