import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { EventSink } from "../events.js";
import { splice, type Endpoint } from "./session.js";

/** Delivers a connection the ingress of `pod` admitted to its app, on a connection of its own. */
export function deliverToApp(stream: Duplex, app: Endpoint, pod: string, onEvent: EventSink): void {
  const connection = connect({ port: app.port, host: app.host ?? "127.0.0.1", allowHalfOpen: true });
  let connected = false;
  connection.once("connect", () => (connected = true));
  // once connected, errors are the stream's, destroying the app connection along with it (splice)
  connection.on("error", (error) => {
    if (!connected) onEvent({ kind: "unreachable", pod, target: "its app", reason: error.message });
  });
  splice(connection, stream);
}
