/** What the local sidecars report to the supervisor, which logs and counts it. */
export type SidecarEvent =
  /** A security event: a connection or record refused. `claimed` is the sender it claimed to be. */
  | { kind: "refused"; pod: string; claimed: string | null; reason: string }
  /** A session between two sidecars is open; `nonce` is the client's, fresh for every session. */
  | { kind: "session"; from: string; to: string; nonce: string }
  /**
   * A session or request could not be carried (the peer or the app is down); not a security matter.
   * `target` is the pod id of the peer, or "its app".
   */
  | { kind: "unreachable"; pod: string; target: string; reason: string };

export type EventSink = (event: SidecarEvent) => void;
