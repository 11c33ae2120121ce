import { createServer } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { PodModel } from "../model/model.js";
import { forward } from "./forward.js";
import { listen, type Listener } from "./sidecar/listener.js";
import { isFinishing } from "./stats.js";

/** What a pinhole lets external callers do: initiators take tasks, finishing pods serve their results. */
export function pinholeEndpoints(pod: PodModel): string[] {
  return [
    ...(pod.role === "initiator" ? ["POST /trigger"] : []),
    ...(isFinishing(pod) ? ["GET /output"] : []),
  ];
}

/**
 * A boundary pod's pinhole on a local port: plain HTTP to the app's control port, for exactly the
 * pod's pinhole endpoints (in Kubernetes it is HTTPS, with client certificates for tier 2).
 */
export function startPinhole(
  pod: PodModel,
  controlPort: number,
  onError: (error: Error) => void,
): Promise<Listener> {
  const allowed = new Set(pinholeEndpoints(pod));
  const open = () =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = connect({ port: controlPort, host: "127.0.0.1" }, () => {
        socket.off("error", reject);
        resolve(socket);
      });
      socket.once("error", reject);
    });
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    if (allowed.has(`${request.method ?? ""} ${path}`)) {
      forward(request, response, open, onError);
      return;
    }
    request.resume();
    response.writeHead(404, { "content-type": "application/json", connection: "close" });
    response.end(
      JSON.stringify({ error: `the pinhole of ${pod.id} serves ${[...allowed].join(" and ")} only` }),
    );
  });
  return listen(server);
}
