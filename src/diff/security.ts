import type {
  CredentialState,
  Effect,
  NetworkDiff,
  PinholeChange,
  PinholeInfo,
  SecurityChange,
} from "./result.js";
import { WOSP_SECRET_KEYS } from "../render/k8s/secrets.js";
import type { CredentialDelta } from "./secrets.js";
import { securityProfileChanges } from "./security-profile.js";

const EFFECT_ORDER: readonly Effect[] = ["loosens", "changes", "tightens"];
const KIND_ORDER: readonly SecurityChange["kind"][] = [
  "profile",
  "mode",
  "certificate-hours",
  "route-added",
  "pinhole-added",
  "pinhole-tier",
  "pinhole-port",
  "cert-manager-namespace",
  "credential",
  "route-removed",
  "pinhole-removed",
];

/**
 * The security posture changes a network diff and the changed credentials amount to: loosening first (new
 * routes, new or wider pinholes, leaving armored-car, longer-lived workload certificates), then neutral
 * (another security profile among them), then tightening; within each, by kind and then in declaration order.
 */
export function securityChanges(
  network: NetworkDiff,
  credentials: readonly CredentialDelta[],
): SecurityChange[] {
  const changes: SecurityChange[] = [
    ...securityProfileChanges(network),
    ...modeChanges(network),
    ...network.edges.added.map((edge): SecurityChange => ({
      kind: "route-added",
      effect: "loosens",
      ...edge,
      summary: `new route ${edge.from} → ${edge.to} (${edge.protocol.toUpperCase()}): ${edge.from} may now send to ${edge.to}`,
    })),
    ...network.edges.removed.map((edge): SecurityChange => ({
      kind: "route-removed",
      effect: "tightens",
      ...edge,
      summary: `route removed: ${edge.from} → ${edge.to}`,
    })),
    ...network.pods.added.flatMap((pod) => pinholeChanges(pod.id, null, pod.pinhole)),
    ...network.pods.removed.flatMap((pod) => pinholeChanges(pod.id, pod.pinhole, null)),
    ...network.pods.changed.flatMap(({ id, changes }) =>
      changes.flatMap((change) =>
        change.field === "pinhole" ? pinholeChanges(id, change.old, change.new) : [],
      ),
    ),
    ...credentialsBeyondProfile(network, credentials).map(credentialChange),
  ];
  const rank = (change: SecurityChange) =>
    EFFECT_ORDER.indexOf(change.effect) * KIND_ORDER.length + KIND_ORDER.indexOf(change.kind);
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => rank(a.change) - rank(b.change) || a.index - b.index)
    .map(({ change }) => change);
}

const WOSP_KEYS: ReadonlySet<string> = new Set(Object.values(WOSP_SECRET_KEYS));

/**
 * Across a change of security profile the WoSP credentials come or go with the profile, which its own
 * change says once, rather than once per key and pod; any other credential change is still reported.
 */
function credentialsBeyondProfile(
  { security }: NetworkDiff,
  credentials: readonly CredentialDelta[],
): readonly CredentialDelta[] {
  if (security === null || security.old.profile === security.new.profile) return credentials;
  return credentials.filter(
    (delta) => !(WOSP_KEYS.has(delta.key) && (delta.old.state === "absent" || delta.new.state === "absent")),
  );
}

function modeChanges({ mode }: NetworkDiff): SecurityChange[] {
  if (mode === null) return [];
  const loosens = mode.new === "armored-tunnel";
  const consequence = loosens
    ? "keys are no longer rotated per request, only per session (CHIPS xtra7 → xtra4)"
    : "keys are rotated per request (CHIPS xtra4 → xtra7)";
  return [
    {
      kind: "mode",
      effect: loosens ? "loosens" : "tightens",
      old: mode.old,
      new: mode.new,
      summary: `mode ${mode.old} → ${mode.new}: ${consequence}`,
    },
  ];
}

function pinholeChanges(pod: string, old: PinholeInfo | null, next: PinholeInfo | null): PinholeChange[] {
  const change = (kind: PinholeChange["kind"], effect: Effect, summary: string): PinholeChange => ({
    kind,
    effect,
    pod,
    old,
    new: next,
    summary,
  });
  if (old === null) {
    return next === null
      ? []
      : [
          change(
            "pinhole-added",
            "loosens",
            `new pinhole on ${pod}: ${describe(next)}, reachable from outside the cluster`,
          ),
        ];
  }
  if (next === null) {
    return [change("pinhole-removed", "tightens", `pinhole removed from ${pod} (was ${describe(old)})`)];
  }
  const changes: PinholeChange[] = [];
  if (old.tier !== next.tier) {
    changes.push(
      next.tier < old.tier
        ? change(
            "pinhole-tier",
            "loosens",
            `pinhole on ${pod} widened: ${tier(old)} → ${tier(next)}, client certificates no longer required`,
          )
        : change(
            "pinhole-tier",
            "tightens",
            `pinhole on ${pod} narrowed: ${tier(old)} → ${tier(next)}, client certificates now required`,
          ),
    );
  }
  if (old.port !== next.port) {
    changes.push(
      change("pinhole-port", "changes", `pinhole on ${pod} moved: port ${old.port} → ${next.port}`),
    );
  }
  return changes;
}

function describe(pinhole: PinholeInfo): string {
  return `${tier(pinhole)} on port ${pinhole.port}`;
}

function tier(pinhole: PinholeInfo): string {
  return pinhole.tier === 2 ? "tier 2 (mutual TLS)" : "tier 1 (server TLS)";
}

function credentialChange(delta: CredentialDelta): SecurityChange {
  return {
    kind: "credential",
    effect: "changes",
    ...delta,
    summary: `credential ${delta.key} of ${delta.pod} changed: ${credential(delta.old)} → ${credential(delta.new)}`,
  };
}

function credential(state: CredentialState): string {
  return state.fingerprint === null ? state.state : `set (fingerprint ${state.fingerprint})`;
}
