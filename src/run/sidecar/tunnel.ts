import { createServer } from "node:net";
import type { EgressConfig } from "./egress.js";
import { listen, type Listener } from "./listener.js";
import { connectSession, splice, watchTampering } from "./session.js";

/**
 * Armored Tunnel: one session (one fresh pair of keys) per TCP connection from the app, whatever it
 * carries (HTTP, WebSocket, gRPC), bytes passed through both ways.
 */
export function startTunnelEgress(config: EgressConfig): Promise<Listener> {
  const { from, to, onEvent } = config;
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (app) => {
    app.on("error", () => {
      // the app went away: the session is destroyed along with it (splice)
    });
    connectSession(config.peer, from, to, config.key).then(
      ({ stream, nonce }) => {
        onEvent({ kind: "session", from, to, nonce: nonce.toString("hex") });
        watchTampering(stream, from, to, onEvent);
        splice(app, stream);
        app.resume();
      },
      (error: unknown) => {
        onEvent({ kind: "unreachable", pod: from, target: to, reason: (error as Error).message });
        app.destroy();
      },
    );
  });
  return listen(server);
}
