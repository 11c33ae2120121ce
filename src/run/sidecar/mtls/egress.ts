import { connect as connectTcp, createServer, type Socket } from "node:net";
import { connect, type PeerCertificate } from "node:tls";
import type { Route } from "../../../model/model.js";
import type { EventSink } from "../../events.js";
import { listen, type Listener } from "../listener.js";
import { splice, type Endpoint } from "../session.js";
import { identityProblem, refusal, tlsOptions, type PodTls } from "./pod-tls.js";

export interface MtlsEgressConfig {
  from: string;
  route: Route;
  /** The ingress of the sidecar of route.pod. */
  peer: Endpoint;
  tls: PodTls;
  onEvent: EventSink;
}

/** A server certificate that chains to the run's CA but names another identity than the route's. */
class WrongServer extends Error {
  constructor(
    readonly names: readonly string[],
    expected: string,
  ) {
    super(`the server is not ${expected}`);
  }
}

/**
 * One egress listener in the open-mtls profile: each connection from the app opens a TLS connection to
 * the target's ingress, presenting the pod's certificate and accepting only a server certificate from the
 * run's CA whose one URI SAN is exactly the route's identity; bytes are then passed through both ways.
 */
export function startMtlsEgress(config: MtlsEgressConfig): Promise<Listener> {
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (app) => {
    app.on("error", () => {
      // the app went away: the TLS connection is destroyed along with it (splice)
    });
    carry(app, config);
  });
  return listen(server);
}

function carry(app: Socket, config: MtlsEgressConfig): void {
  const { from, route, tls, onEvent } = config;
  const expected = new Set([route.identity]);
  const checkServerIdentity = (_host: string, certificate: PeerCertificate) => {
    const names = tls.namesOf(certificate.raw);
    return identityProblem(names, expected) === null ? undefined : new WrongServer(names, route.identity);
  };
  // a TCP connection of its own, so that it can be half-closed as the app's is
  const socket = connectTcp({
    host: config.peer.host ?? "127.0.0.1",
    port: config.peer.port,
    allowHalfOpen: true,
  });
  const upstream = connect({ ...tlsOptions(tls), socket, servername: route.host, checkServerIdentity });
  let connected = false;
  let settled = false;
  socket.once("connect", () => (connected = true));
  upstream.once("secureConnect", () => {
    settled = true;
    onEvent({ kind: "session", from, to: route.pod });
    splice(app, upstream);
    app.resume();
  });
  // before the TLS connection is up; after, its errors end it along with the app's (splice)
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    app.destroy();
    upstream.destroy();
    if (!connected) onEvent({ kind: "unreachable", pod: from, target: route.pod, reason: error.message });
    else {
      const names = error instanceof WrongServer ? error.names : [];
      onEvent(refusal(from, names, `egress to ${route.pod}: ${error.message}`, true));
    }
  };
  socket.on("error", fail);
  upstream.on("error", fail);
}
