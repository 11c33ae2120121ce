import { createServer } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { PodModel } from "../model/model.js";
import { pinholeEndpoint } from "../render/blueprint/topology.js";
import { forward } from "./forward.js";
import { listen, type Listener } from "./sidecar/listener.js";

/**
 * A boundary pod's pinhole on a local port: plain HTTP to the app's control port, for exactly the pod's
 * pinhole endpoint, as the sidecar routes it in Kubernetes (there it is HTTPS, with client certificates
 * for tier 2): its path with another method is 405 (with `Allow`), any other path 404; the query string
 * is ignored.
 */
export function startPinhole(
  pod: PodModel,
  controlPort: number,
  onError: (error: Error) => void,
): Promise<Listener> {
  const { method, path } = pinholeEndpoint(pod);
  const open = () =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = connect({ port: controlPort, host: "127.0.0.1" }, () => {
        socket.off("error", reject);
        resolve(socket);
      });
      socket.once("error", reject);
    });
  const server = createServer((request, response) => {
    const requested = (request.url ?? "").split("?")[0] ?? "";
    if (requested === path && request.method === method) {
      forward(request, response, open, onError);
      return;
    }
    request.resume();
    response.writeHead(requested === path ? 405 : 404, {
      "content-type": "application/json",
      connection: "close",
      ...(requested === path && { allow: method }),
    });
    response.end(JSON.stringify({ error: `the pinhole of ${pod.id} serves ${method} ${path} only` }));
  });
  return listen(server);
}
