import type { BlueprintModel } from "../../model/model.js";

export interface PortNames {
  ingress: string;
  health: string;
  pinhole: string;
}

/**
 * Names of the sidecar's container ports (IANA service names, ≤ 15 characters), used by Services and
 * probes: the same listeners in both profiles, named for the sidecar that serves them.
 */
const PORT_NAMES: Record<BlueprintModel["security"]["profile"], PortNames> = {
  wosp: { ingress: "wosp-ingress", health: "wosp-health", pinhole: "pinhole" },
  "open-mtls": { ingress: "mtls-ingress", health: "sidecar-health", pinhole: "pinhole" },
};

export function portNames(model: BlueprintModel): PortNames {
  return PORT_NAMES[model.security.profile];
}
