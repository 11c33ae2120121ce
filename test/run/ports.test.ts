import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "../../src/run/ports.js";
import { listen } from "../../src/run/sidecar/listener.js";

describe("freePort", () => {
  // The system may hand a released port out again at once: two pods of one run once got the same one.
  it("never gives the same port twice, though each is released at once", async () => {
    const ports: number[] = [];
    for (let i = 0; i < 2000; i++) ports.push(await freePort());
    expect(ports.length - new Set(ports).size).toBe(0);
  });

  // A sidecar listener once bound the control port freePort had just picked for an app.py still starting.
  it("is never a port one of lane7's own listeners then binds", async () => {
    const handed = new Set<number>();
    for (let i = 0; i < 2000; i++) handed.add(await freePort());
    const bound: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const listener = await listen(createServer());
      bound.push(listener.port);
      await listener.close();
    }
    expect(bound.filter((port) => handed.has(port))).toEqual([]);
  });
});
