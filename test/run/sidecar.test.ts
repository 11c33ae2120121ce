import { randomBytes } from "node:crypto";
import { request, createServer as createHttpServer, Agent } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { SidecarEvent } from "../../src/run/events.js";
import { Keyring, edgeKey } from "../../src/run/sidecar/crypto.js";
import { startEgress } from "../../src/run/sidecar/egress.js";
import { FrameReader } from "../../src/run/sidecar/frames.js";
import { clientHandshake } from "../../src/run/sidecar/handshake.js";
import { startIngress } from "../../src/run/sidecar/ingress.js";
import type { Listener } from "../../src/run/sidecar/listener.js";
import { startSidecars, wospSidecars } from "../../src/run/sidecar/sidecars.js";
import {
  closeServer,
  echoServer,
  exchange,
  listeningPorts,
  modelOf,
  serve,
  fourPods,
  tap,
  until,
} from "./net-helpers.js";

const master = randomBytes(32);
const keyring = new Keyring([{ from: "a", to: "b" }], master);
const cleanups: (() => Promise<void>)[] = [];
const events: SidecarEvent[] = [];
const onEvent = (event: SidecarEvent) => events.push(event);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  events.length = 0;
});

function track<T extends Listener>(listener: T): T {
  cleanups.push(() => listener.close());
  return listener;
}

async function echoApp() {
  const echo = echoServer();
  const port = await serve(echo.server);
  cleanups.push(() => closeServer(echo.server));
  return { port, received: echo.received };
}

/** b's ingress in front of `appPort`, and a's tunnel egress to b, optionally through `via`. */
async function tunnelAtoB(appPort: number, via?: (ingress: number) => Promise<number>) {
  const ingress = track(
    await startIngress({ pod: "b", upstream: ["a"], keyring, app: { port: appPort }, onEvent }),
  );
  const peer = via ? await via(ingress.port) : ingress.port;
  const key = keyring.key("a", "b");
  if (!key) throw new Error("no key");
  return track(
    await startEgress("armored-tunnel", { from: "a", to: "b", peer: { port: peer }, key, onEvent }),
  );
}

async function handshakeAs(from: string, to: string, key: Buffer, port: number) {
  const socket = connect({ port, host: "127.0.0.1" });
  const outcome = await clientHandshake(new FrameReader(socket), from, to, key).then(
    () => "open",
    (error: unknown) => `failed: ${(error as Error).message}`,
  );
  socket.destroy();
  return outcome;
}

describe("tunnel mode", () => {
  it("carries bytes both ways, encrypted between the sidecars", async () => {
    const app = await echoApp();
    let wire: Buffer[] = [];
    const egress = await tunnelAtoB(app.port, async (ingress) => {
      const tapped = tap(ingress);
      cleanups.push(() => closeServer(tapped.server));
      wire = tapped.seen;
      return serve(tapped.server);
    });
    const secret = "the secret payload ".repeat(100);
    const { reply, error } = await exchange(egress.port, secret);
    expect(error).toBeNull();
    expect(reply).toBe(secret);
    expect(app.received).toEqual([secret]);
    expect(wire.length).toBeGreaterThan(2);
    const onTheWire = Buffer.concat(wire).toString("latin1");
    expect(onTheWire).toContain('"from":"a"');
    expect(onTheWire).not.toContain("secret payload");
    expect(events).toEqual([expect.objectContaining({ kind: "session", from: "a", to: "b" })]);
  });

  it("closes the session on a tampered record and reports it", async () => {
    const app = await echoApp();
    const egress = await tunnelAtoB(app.port, async (ingress) => {
      // frames client → server: hello, finish, then records; flip a bit of the first record
      const tampering = tap(ingress, (frame, index) => {
        if (index === 2) frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 1;
        return frame;
      });
      cleanups.push(() => closeServer(tampering.server));
      return serve(tampering.server);
    });
    const { reply } = await exchange(egress.port, "hello");
    expect(reply).toBe("");
    await until(() => events.some((event) => event.kind === "refused"));
    expect(events).toContainEqual({
      kind: "refused",
      pod: "b",
      claimed: "a",
      reason: expect.stringContaining("failed authentication") as string,
    });
    expect(app.received.join("")).toBe("");
  });
});

describe("ingress", () => {
  it("refuses a pod that is not a declared upstream, even with a key of its own, and reports it", async () => {
    const app = await echoApp();
    const ingress = track(
      await startIngress({ pod: "b", upstream: ["a"], keyring, app: { port: app.port }, onEvent }),
    );
    expect(await handshakeAs("c", "b", edgeKey(master, "c", "b"), ingress.port)).toMatch(/^failed/);
    await until(() => events.length > 0);
    expect(events).toEqual([{ kind: "refused", pod: "b", claimed: "c", reason: "not a declared upstream" }]);
    expect(app.received).toEqual([]);
  });

  it("reports a claimed sender and addressee with control characters escaped, on one line", async () => {
    const app = await echoApp();
    const ingress = track(
      await startIngress({ pod: "b", upstream: ["a"], keyring, app: { port: app.port }, onEvent }),
    );
    const forged = "c\n[lane7] 2 pods, pods failed: none\u001b[2K\u009b";
    expect(await handshakeAs(forged, "b", randomBytes(32), ingress.port)).toMatch(/^failed/);
    expect(await handshakeAs("a", "x\u001b]0;t\u0007", randomBytes(32), ingress.port)).toMatch(/^failed/);
    await until(() => events.length === 2);
    expect(events).toEqual([
      {
        kind: "refused",
        pod: "b",
        claimed: "c\\x0a[lane7] 2 pods, pods failed: none\\x1b[2K\\x9b",
        reason: "not a declared upstream",
      },
      { kind: "refused", pod: "b", claimed: "a", reason: "addressed to x\\x1b]0;t\\x07" },
    ]);
  });

  it("refuses a declared upstream that cannot prove the edge key", async () => {
    const app = await echoApp();
    const ingress = track(
      await startIngress({ pod: "b", upstream: ["a"], keyring, app: { port: app.port }, onEvent }),
    );
    expect(await handshakeAs("a", "b", randomBytes(32), ingress.port)).toMatch(/^failed/);
    expect(await handshakeAs("a", "x", edgeKey(master, "a", "b"), ingress.port)).toMatch(/^failed/);
    await until(() => events.length === 2);
    expect(events).toEqual([
      { kind: "refused", pod: "b", claimed: "a", reason: "authentication failed" },
      { kind: "refused", pod: "b", claimed: "a", reason: "addressed to x" },
    ]);
    expect(await handshakeAs("a", "b", edgeKey(master, "a", "b"), ingress.port)).toBe("open");
  });
});

describe("startSidecars", () => {
  const network = (mode: string) => fourPods(`mode: ${mode}`);

  it("listens on exactly the declared edges' egress ports and the ingresses of pods with upstream", async () => {
    const model = modelOf(network("armored-tunnel"));
    const before = listeningPorts(process.pid);
    const sidecars = await startSidecars(
      model,
      wospSidecars(model, new Keyring(model.edges)),
      () => 1,
      onEvent,
    );
    cleanups.push(() => sidecars.close());
    const egress = (pod: string) => [...(sidecars.byPod.get(pod)?.egress.keys() ?? [])];
    expect(egress("a")).toEqual(["b"]);
    expect(egress("b")).toEqual(["c", "d"]);
    expect(egress("c")).toEqual([]);
    expect(sidecars.byPod.get("a")?.ingress).toBeNull();
    const ours = [...sidecars.byPod.values()].flatMap((sidecar) => [
      ...(sidecar.ingress ? [sidecar.ingress.port] : []),
      ...[...sidecar.egress.values()].map((listener) => listener.port),
    ]);
    expect(ours).toHaveLength(3 + 3);
    if (before === null) return; // no /proc: the structure above is all we can see
    const added = (listeningPorts(process.pid) ?? []).filter((port) => !before.includes(port));
    expect(added.sort()).toEqual(ours.sort());
  });

  it("carries every request of armored-car in a session of its own, with a fresh key", async () => {
    const model = modelOf(network("armored-car"));
    let connections = 0;
    const app = createHttpServer((req, res) => {
      req.resume();
      res.end(`hello ${String(req.url)}`);
    });
    app.on("connection", () => (connections += 1));
    const appPort = await serve(app);
    cleanups.push(() => closeServer(app));
    const sidecars = await startSidecars(
      model,
      wospSidecars(model, new Keyring(model.edges)),
      () => appPort,
      onEvent,
    );
    cleanups.push(() => sidecars.close());
    const port = sidecars.byPod.get("a")?.egress.get("b")?.port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => {
      agent.destroy();
      return Promise.resolve();
    });
    const get = (path: string) =>
      new Promise<string>((done, fail) => {
        request({ port, host: "127.0.0.1", path, agent }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => {
            done(body);
          });
        })
          .on("error", fail)
          .end();
      });
    for (const path of ["/1", "/2", "/3"]) expect(await get(path)).toBe(`hello ${path}`);
    const nonces = events.flatMap((event) => (event.kind === "session" ? [event.nonce] : []));
    expect(new Set(nonces).size).toBe(3);
    expect(connections).toBe(3);
  });

  it("keeps one session per connection in armored-tunnel", async () => {
    const model = modelOf(network("armored-tunnel"));
    const app = createHttpServer((req, res) => {
      req.resume();
      res.end("ok");
    });
    const appPort = await serve(app);
    cleanups.push(() => closeServer(app));
    const sidecars = await startSidecars(
      model,
      wospSidecars(model, new Keyring(model.edges)),
      () => appPort,
      onEvent,
    );
    cleanups.push(async () => {
      app.closeAllConnections();
      await sidecars.close();
    });
    const port = sidecars.byPod.get("a")?.egress.get("b")?.port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => {
      agent.destroy();
      return Promise.resolve();
    });
    for (let i = 0; i < 3; i++)
      await new Promise<void>((done, fail) => {
        request({ port, host: "127.0.0.1", agent }, (res) => res.resume().on("end", done))
          .on("error", fail)
          .end();
      });
    expect(events.filter((event) => event.kind === "session")).toHaveLength(1);
  });
});
