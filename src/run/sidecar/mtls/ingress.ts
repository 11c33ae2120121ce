import { createServer, type TLSSocket } from "node:tls";
import type { EventSink } from "../../events.js";
import { deliverToApp } from "../deliver.js";
import { listen, type Listener } from "../listener.js";
import type { Endpoint } from "../session.js";
import { identityProblem, refusal, tlsOptions, type PodTls } from "./pod-tls.js";

export interface MtlsIngressConfig {
  pod: string;
  /** The identities (URI SANs) of exactly the pods this ingress admits. */
  upstream: ReadonlySet<string>;
  tls: PodTls;
  /** Where admitted connections are delivered: the app's listener for upstream traffic. */
  app: Endpoint;
  onEvent: EventSink;
}

/**
 * The pod's sidecar listener for upstream sidecars in the open-mtls profile: TLS, a client certificate
 * from the run's CA required, and then only a certificate whose one URI SAN is a declared upstream's
 * identity admitted; each admitted connection gets a connection of its own to the app.
 */
export function startMtlsIngress(config: MtlsIngressConfig): Promise<Listener> {
  const { pod, onEvent } = config;
  const server = createServer(
    { ...tlsOptions(config.tls), requestCert: true, rejectUnauthorized: true, allowHalfOpen: true },
    (socket) => {
      admit(socket, config);
    },
  );
  server.on("tlsClientError", (error) => {
    onEvent(refusal(pod, [], `TLS handshake failed: ${error.message}`));
  });
  return listen(server);
}

function admit(socket: TLSSocket, config: MtlsIngressConfig): void {
  const { pod, onEvent } = config;
  const names = config.tls.namesOf(socket.getPeerCertificate().raw);
  const problem = identityProblem(names, config.upstream);
  if (problem !== null) {
    socket.destroy();
    onEvent(refusal(pod, names, problem));
    return;
  }
  socket.on("error", () => {
    // the peer went away: the app connection is destroyed along with it (splice)
  });
  deliverToApp(socket, config.app, pod, onEvent);
}
