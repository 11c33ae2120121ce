import { request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Headers that describe one connection, not the message: never forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"]);

/**
 * Forwards one HTTP request over a connection of its own, opened by `open`, and relays the response; both
 * sides are told the connection closes after it. Answers 502 when the target fails before responding.
 */
export function forward(
  incoming: IncomingMessage,
  response: ServerResponse,
  open: () => Promise<Duplex>,
  onError: (error: Error) => void,
): void {
  const fail = (error: Error) => {
    onError(error);
    if (response.headersSent) response.destroy();
    else {
      response.writeHead(502, { "content-type": "application/json", connection: "close" });
      response.end(JSON.stringify({ status: "rejected", error: `lane7 sidecar: ${error.message}` }));
    }
  };
  open().then((connection) => {
    const outgoing = request({
      createConnection: () => connection,
      method: incoming.method,
      path: incoming.url,
      headers: { ...endToEnd(incoming.headers), connection: "close" },
    });
    outgoing.on("response", (reply) => {
      response.writeHead(reply.statusCode ?? 502, { ...endToEnd(reply.headers), connection: "close" });
      reply.pipe(response);
      reply.on("error", () => response.destroy());
    });
    outgoing.on("error", fail);
    incoming.pipe(outgoing);
  }, fail);
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}
