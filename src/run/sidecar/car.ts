import { createServer } from "node:http";
import { forward } from "../forward.js";
import type { EgressConfig } from "./egress.js";
import { listen, type Listener } from "./listener.js";
import { connectSession, watchTampering } from "./session.js";

/**
 * Armored Car: every HTTP request the app sends is carried in a session of its own (a fresh pair of keys
 * per request), however many requests the app sends on one connection. HTTP only.
 */
export function startCarEgress(config: EgressConfig): Promise<Listener> {
  const { from, to, onEvent } = config;
  const open = async () => {
    const { stream, nonce } = await connectSession(config.peer, from, to, config.key);
    onEvent({ kind: "session", from, to, nonce: nonce.toString("hex") });
    watchTampering(stream, from, to, onEvent);
    return stream;
  };
  const server = createServer((request, response) => {
    forward(request, response, open, (error) => {
      onEvent({ kind: "unreachable", pod: from, target: to, reason: error.message });
    });
  });
  return listen(server);
}
