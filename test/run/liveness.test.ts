import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/exit-codes.js";
import { livenessFrom, watchLiveness } from "../../src/run/liveness.js";

let server: Server | null = null;

afterEach(async () => {
  const closing = server;
  server = null;
  if (!closing) return;
  closing.closeAllConnections();
  await new Promise((resolve) => closing.close(resolve));
});

/** A /healthz that answers while `state.answering`, and otherwise leaves every request hanging. */
async function healthz(state: { answering: boolean }): Promise<number> {
  server = createServer((_request, response) => {
    if (state.answering) response.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("livenessFrom", () => {
  it("defaults to a probe every 2 s and 3 misses, and reads both variables", () => {
    expect(livenessFrom({})).toEqual({ intervalMs: 2_000, misses: 3 });
    expect(livenessFrom({ LANE7_LIVENESS_INTERVAL: "0.25", LANE7_LIVENESS_MISSES: "5" })).toEqual({
      intervalMs: 250,
      misses: 5,
    });
  });

  it.each([
    ["LANE7_LIVENESS_INTERVAL", "0"],
    ["LANE7_LIVENESS_INTERVAL", "soon"],
    ["LANE7_LIVENESS_MISSES", "1.5"],
    ["LANE7_LIVENESS_MISSES", "0"],
    // read as --interval reads its value: plain decimals only
    ["LANE7_LIVENESS_INTERVAL", "1e3"],
    ["LANE7_LIVENESS_MISSES", "0x10"],
    ["LANE7_LIVENESS_INTERVAL", " 2"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => livenessFrom({ [name]: value })).toThrow(UserError);
    expect(() => livenessFrom({ [name]: value })).toThrow(name);
  });
});

describe("watchLiveness", () => {
  it("reports a pod that stops answering once, then its recovery, and leaves no socket open", async () => {
    const state = { answering: true };
    const port = await healthz(state);
    const stop = new AbortController();
    const events: string[] = [];
    const watching = watchLiveness(
      {
        pod: "p",
        port,
        running: () => true,
        onUnresponsive: () => {
          events.push("down");
          state.answering = true;
        },
        onRecovered: () => {
          events.push("up");
          stop.abort();
        },
      },
      { intervalMs: 50, misses: 3 },
      stop.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(events).toEqual([]);
    state.answering = false;
    await watching;
    expect(events).toEqual(["down", "up"]);
    const open = await new Promise<number>((resolve, reject) =>
      server?.getConnections((error, count) => {
        if (error) reject(error);
        else resolve(count);
      }),
    );
    expect(open).toBe(0);
  });

  it("ends at once when the run stops, even in the middle of a probe", async () => {
    const port = await healthz({ answering: false });
    const stop = new AbortController();
    const watching = watchLiveness(
      { pod: "p", port, running: () => true, onUnresponsive: () => undefined, onRecovered: () => undefined },
      { intervalMs: 60_000, misses: 3 },
      stop.signal,
    );
    setTimeout(() => {
      stop.abort();
    }, 50);
    const started = performance.now();
    await watching;
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
