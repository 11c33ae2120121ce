import type { Profile } from "../spec/constants.js";
import type { NetworkDiff, SecurityChange, SecuritySummary } from "./result.js";

/** How the sidecars of each profile prove their identity to each other, for a reviewer. */
const AUTHENTICATION: Record<Profile, string> = {
  wosp: "WoSP (Hopr's licensed sidecar)",
  "open-mtls":
    "mutual TLS and cert-manager workload certificates (upstream Envoy; the cluster needs cert-manager)",
};

/**
 * A change of security profile, or, within the open-mtls profile, of its certificate settings. A profile
 * change is neither wider nor narrower: every sidecar proves its identity another way.
 */
export function securityProfileChanges({ security }: NetworkDiff): SecurityChange[] {
  if (security === null) return [];
  const { old, new: next } = security;
  if (old.profile !== next.profile) {
    return [
      {
        kind: "profile",
        effect: "changes",
        old: old.profile,
        new: next.profile,
        summary:
          `security profile ${old.profile} → ${next.profile}: sidecars now prove their identity with ` +
          `${AUTHENTICATION[next.profile]}, no longer with ${AUTHENTICATION[old.profile]}`,
      },
    ];
  }
  return [...certificateHoursChanges(old, next), ...certManagerNamespaceChanges(old, next)];
}

function certificateHoursChanges(old: SecuritySummary, next: SecuritySummary): SecurityChange[] {
  const [before, after] = [old.certificateHours, next.certificateHours];
  if (before === after) return [];
  const longer = before !== null && after !== null && after > before;
  const shorter = before !== null && after !== null && after < before;
  const consequence = longer
    ? ": a certificate, and a key taken from a pod, stays valid longer"
    : shorter
      ? ": a certificate, and a key taken from a pod, is valid for less time"
      : "";
  return [
    {
      kind: "certificate-hours",
      effect: longer ? "loosens" : shorter ? "tightens" : "changes",
      old: before,
      new: after,
      summary: `workload certificate lifetime ${hours(before)} → ${hours(after)}${consequence}`,
    },
  ];
}

function certManagerNamespaceChanges(old: SecuritySummary, next: SecuritySummary): SecurityChange[] {
  const [before, after] = [old.certManagerNamespace, next.certManagerNamespace];
  if (before === after) return [];
  return [
    {
      kind: "cert-manager-namespace",
      effect: "changes",
      old: before,
      new: after,
      summary:
        `cert-manager namespace ${before ?? "unset"} → ${after ?? "unset"}: ` +
        "where the network CA's Certificate and Secret are kept",
    },
  ];
}

function hours(value: number | null): string {
  return value === null ? "unset" : `${value} h`;
}
