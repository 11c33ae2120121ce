import { createServer } from "node:net";

/**
 * A loopback port that is free now, for a listener lane7 does not open itself (an app.py). The system
 * picks it from the ephemeral range, so it rarely collides with anything started in between.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("a TCP server without a port"));
        else resolve(address.port);
      });
    });
  });
}
