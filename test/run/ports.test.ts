import { describe, expect, it } from "vitest";
import { freePort } from "../../src/run/ports.js";

describe("freePort", () => {
  // The system may hand a released port out again at once: two pods of one run once got the same one.
  it("never gives the same port twice, though each is released at once", async () => {
    const ports: number[] = [];
    for (let i = 0; i < 2000; i++) ports.push(await freePort());
    expect(ports.length - new Set(ports).size).toBe(0);
  });
});
