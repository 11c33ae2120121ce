import type { SecureContextOptions } from "node:tls";
import { terminalSafe } from "../../../control-characters.js";
import type { SidecarEvent } from "../../events.js";
import type { Credential } from "./authority.js";

/** What one pod's sidecar holds in the open-mtls profile. */
export interface PodTls {
  /** The run's CA certificate (PEM): the only issuer a peer's certificate may chain to. */
  ca: string;
  /** The pod's own certificate, naming its identity, and key. */
  credential: Credential;
  /** The URI SANs of a peer's certificate (DER); none when it names none or cannot be read. */
  namesOf: (der: Buffer | undefined) => readonly string[];
}

/** TLS 1.3 only, the run's CA as the only trust anchor, the pod's own certificate presented. */
export function tlsOptions(tls: PodTls): SecureContextOptions {
  return { ca: tls.ca, cert: tls.credential.cert, key: tls.credential.key, minVersion: "TLSv1.3" };
}

/** Why `names` (a certificate's URI SANs) is not one of `expected`, or null when it is. */
export function identityProblem(names: readonly string[], expected: ReadonlySet<string>): string | null {
  if (names.length === 0) return "its certificate names no identity (no URI SAN)";
  if (names.length > 1) return "its certificate names more than one identity";
  return expected.has(names[0] ?? "") ? null : "not a declared upstream";
}

/**
 * A refusal by `pod` of a peer whose certificate names `names`: what it names is the peer's to choose, so
 * it is reported with control characters escaped, on one line.
 */
export function refusal(
  pod: string,
  names: readonly string[],
  reason: string,
  outgoing = false,
): SidecarEvent {
  const safe = (text: string) => terminalSafe(text, { oneLine: true });
  const claimed = names.length > 0 ? safe(names.join(", ")) : null;
  return { kind: "refused", pod, claimed, reason: safe(reason), ...(outgoing ? { outgoing } : {}) };
}
