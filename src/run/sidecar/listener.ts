import type { Server as HttpServer } from "node:http";
import type { Server, Socket } from "node:net";
import { claimPort } from "../ports.js";

/** A server listening on a loopback port, and how to stop it along with every connection it accepted. */
export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts `server` on 127.0.0.1 and a free port the system picks (so no two listeners can race for one),
 * never one that freePort handed out to an app.py still starting.
 */
export async function listen(server: Server | HttpServer): Promise<Listener> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let port = await bind(server);
  while (!claimPort(port)) {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    port = await bind(server);
  }
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function bind(server: Server | HttpServer): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("a TCP server without a port"));
      else resolve(address.port);
    });
  });
}
