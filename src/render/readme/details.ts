import type { BlueprintModel } from "../../model/model.js";
import { PROTOCOLS, type Mode, type Role } from "../../spec/constants.js";

/** The WoSP modes as the reference names them (technical name: the model's chipsAlgorithm). */
const MODES: Record<Mode, { name: string; rotation: string }> = {
  "armored-tunnel": { name: "Armored Tunnel", rotation: "per-session CHIPS rotation, persistent TCP tunnel" },
  "armored-car": { name: "Armored Car", rotation: "per-request CHIPS rotation, HTTP only" },
};

export function modeName(mode: Mode): string {
  return MODES[mode].name;
}

/** "Armored Tunnel — xtra4 (per-session CHIPS rotation, persistent TCP tunnel)". */
export function modeSummary(model: BlueprintModel): string {
  const { name, rotation } = MODES[model.mode];
  return `${name} — ${model.chipsAlgorithm} (${rotation})`;
}

/** "HTTP (3 pods)", or "Heterogeneous — HTTP (4 pods), WEBSOCKET (2 pods)" when protocols mix. */
export function protocolSummary(model: BlueprintModel): string {
  const counts = PROTOCOLS.map((protocol) => ({
    protocol,
    count: model.pods.filter((pod) => pod.protocol === protocol).length,
  })).filter(({ count }) => count > 0);
  const parts = counts.map(
    ({ protocol, count }) => `${protocol.toUpperCase()} (${count} pod${count === 1 ? "" : "s"})`,
  );
  return parts.length === 1 ? parts.join("") : `Heterogeneous — ${parts.join(", ")}`;
}

/** The Section 1 hook of app.py a role's business logic goes into, and when the app calls it. */
export const HOOKS: Record<Role, { signature: string; calledWith: string }> = {
  initiator: {
    signature: "on_trigger(payload, headers)",
    calledWith: "each task posted to /trigger (and each auto-triggered test task); returns what is sent on",
  },
  relay: {
    signature: "on_receive_relay(payload)",
    calledWith: "each message from upstream; returns what is forwarded to every downstream pod",
  },
  aggregator: {
    signature: "on_aggregate(partials)",
    calledWith: "the messages of every upstream branch of one task; returns the merged result",
  },
  terminator: {
    signature: "on_receive_terminator(payload)",
    calledWith: "each finished task; the result is stored and served on GET /output",
  },
};
