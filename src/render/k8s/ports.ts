/** Names of the sidecar's container ports (IANA service names, ≤ 15 characters), used by Services and probes. */
export const PORT_NAMES = {
  ingress: "wosp-ingress",
  health: "wosp-health",
  pinhole: "pinhole",
} as const;
