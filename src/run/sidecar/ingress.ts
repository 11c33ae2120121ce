import { createServer, type Socket } from "node:net";
import type { EventSink } from "../events.js";
import type { Keyring } from "./crypto.js";
import { deliverToApp } from "./deliver.js";
import { Refusal } from "./handshake.js";
import { listen, type Listener } from "./listener.js";
import { acceptSession, watchTampering, type Endpoint } from "./session.js";

export interface IngressConfig {
  pod: string;
  /** Exactly the pods whose sidecars this ingress admits. */
  upstream: readonly string[];
  keyring: Keyring;
  /** Where admitted sessions are delivered: the app's listener for upstream traffic. */
  app: Endpoint;
  onEvent: EventSink;
}

/**
 * The pod's sidecar listener for upstream sidecars (18000 in Kubernetes). Every connection must open a
 * session as a declared upstream pod, proving it with that edge's key; each admitted session gets a
 * connection of its own to the app.
 */
export function startIngress(config: IngressConfig): Promise<Listener> {
  const admitted = new Set(config.upstream);
  const keyFor = (from: string) => (admitted.has(from) ? config.keyring.key(from, config.pod) : undefined);
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    admit(socket, config, keyFor);
  });
  return listen(server);
}

function admit(socket: Socket, config: IngressConfig, keyFor: (from: string) => Buffer | undefined): void {
  const { pod, onEvent } = config;
  acceptSession(socket, pod, keyFor).then(
    ({ stream, session }) => {
      watchTampering(stream, pod, session.from, onEvent);
      deliverToApp(stream, config.app, pod, onEvent);
    },
    (error: unknown) => {
      const claimed = error instanceof Refusal ? error.claimed : null;
      onEvent({
        kind: "refused",
        pod,
        claimed,
        reason: error instanceof Error ? error.message : String(error),
      });
    },
  );
}
