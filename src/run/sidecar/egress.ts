import type { Mode } from "../../spec/constants.js";
import type { EventSink } from "../events.js";
import { startCarEgress } from "./car.js";
import type { Listener } from "./listener.js";
import type { Endpoint } from "./session.js";
import { startTunnelEgress } from "./tunnel.js";

/** One egress listener: where the app of `from` reaches the declared downstream pod `to`. */
export interface EgressConfig {
  from: string;
  to: string;
  /** The ingress of the sidecar of `to`. */
  peer: Endpoint;
  /** The key of the edge from → to. */
  key: Buffer;
  onEvent: EventSink;
}

export function startEgress(mode: Mode, config: EgressConfig): Promise<Listener> {
  return mode === "armored-car" ? startCarEgress(config) : startTunnelEgress(config);
}
