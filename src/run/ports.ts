import { createServer } from "node:net";

/** Every port freePort has returned: the system may hand a released port out again at once. */
const handedOut = new Set<number>();

/**
 * A loopback port that is free now, for a listener lane7 does not open itself (an app.py), and that this
 * process has not been given before. The system picks it from the ephemeral range, so it rarely collides
 * with anything started in between.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (claimPort(port)) return port;
  }
}

/**
 * Takes `port`, which a listener of lane7's own just bound, unless freePort handed it out for an app.py that
 * may not have bound it yet: false then, and the listener must let it go and bind another.
 */
export function claimPort(port: number): boolean {
  if (handedOut.has(port)) return false;
  handedOut.add(port);
  return true;
}

function anyFreePort(): Promise<number> {
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
