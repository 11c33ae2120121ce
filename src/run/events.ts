/** What the local sidecars report to the supervisor, which logs and counts it. */
export type SidecarEvent =
  /**
   * A security event: a connection or record refused. `claimed` is the sender it claimed to be, or, when
   * `outgoing`, the server the pod's egress connected to; it and `reason` hold no control character.
   */
  | { kind: "refused"; pod: string; claimed: string | null; reason: string; outgoing?: boolean }
  /** A session between two sidecars is open; `nonce`, the WoSP client's, is fresh for every session. */
  | { kind: "session"; from: string; to: string; nonce?: string }
  /**
   * A session or request could not be carried (the peer or the app is down); not a security matter.
   * `target` is the pod id of the peer, or "its app".
   */
  | { kind: "unreachable"; pod: string; target: string; reason: string };

export type EventSink = (event: SidecarEvent) => void;

/** How a run reports a refusal: who the peer claimed to be, and why it was refused. */
export function refusalLine(event: Extract<SidecarEvent, { kind: "refused" }>): string {
  const [direction, unnamed] = event.outgoing ? ["to", "an unnamed server"] : ["from", "an unnamed sender"];
  return `${event.pod}: refused connection ${direction} ${event.claimed ?? unnamed} (${event.reason})`;
}
