import type { BlueprintModel, PodModel, Route } from "../../model/model.js";
import type { Address } from "./types.js";

/** Listeners only the pod itself may reach (admin, egress) bind here; the others bind every interface. */
export const ANY_ADDRESS = "0.0.0.0";
export const CONNECT_TIMEOUT = "5s";

/** open-mtls: upstream Envoy, identities proven by certificates, in one L4 form for every protocol (no modes). */
export function isOpenMtls(model: BlueprintModel): boolean {
  return model.security.profile === "open-mtls";
}

/** wosp only: armored-tunnel is the L4 form (network filters), armored-car the L7 form (HTTP filters). */
export function isTunnel(model: BlueprintModel): boolean {
  return model.mode === "armored-tunnel";
}

export function socketAddress(address: string, port: number): Address {
  return { socket_address: { address, port_value: port } };
}

/** A pod's declared downstream routes in egress-port order: the order of its egress listeners and clusters. */
export function routesByPort(pod: PodModel): Route[] {
  return [...pod.downstream].sort((a, b) => a.egressPort - b.egressPort);
}
