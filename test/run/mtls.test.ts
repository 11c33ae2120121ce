import { connect } from "node:tls";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BlueprintModel } from "../../src/model/model.js";
import { refusalLine, type SidecarEvent } from "../../src/run/events.js";
import type { Credential } from "../../src/run/sidecar/mtls/authority.js";
import { issueRunCertificates, type RunCertificates } from "../../src/run/sidecar/mtls/certificates.js";
import { startMtlsEgress } from "../../src/run/sidecar/mtls/egress.js";
import { startMtlsIngress } from "../../src/run/sidecar/mtls/ingress.js";
import { mtlsSidecars } from "../../src/run/sidecar/mtls/sidecars.js";
import { startSidecars, type Sidecars } from "../../src/run/sidecar/sidecars.js";
import {
  closeServer,
  echoServer,
  exchange,
  exchangeOn,
  fourPods,
  modelOf,
  serve,
  until,
} from "./net-helpers.js";

let model: BlueprintModel;
/** The run's certificates, as `lane7 run` makes them, and those of another run (another CA). */
let run: RunCertificates;
let other: RunCertificates;
const cleanups: (() => Promise<void>)[] = [];
const events: SidecarEvent[] = [];
const onEvent = (event: SidecarEvent) => events.push(event);

beforeAll(async () => {
  model = modelOf(fourPods("security: { profile: open-mtls }"));
  run = await issueRunCertificates(model, 1);
  other = await issueRunCertificates(model, 1);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  events.length = 0;
});

const identity = (pod: string) => model.pods.find((candidate) => candidate.id === pod)?.identity ?? "";

function credentialOf(certificates: RunCertificates, pod: string): Credential {
  const credential = certificates.byPod.get(pod);
  if (!credential) throw new Error(`no certificate for ${pod}`);
  return credential;
}

/** An echo server per pod as its app, and the run's sidecars in front of them. */
async function network(): Promise<{ sidecars: Sidecars; received: Map<string, string[]> }> {
  const apps = new Map<string, { port: number; received: string[] }>();
  for (const pod of model.pods) {
    const echo = echoServer();
    apps.set(pod.id, { port: await serve(echo.server), received: echo.received });
    cleanups.push(() => closeServer(echo.server));
  }
  const sidecars = await startSidecars(
    model,
    mtlsSidecars(model, run),
    (id) => apps.get(id)?.port ?? 0,
    onEvent,
  );
  cleanups.push(() => sidecars.close());
  return { sidecars, received: new Map([...apps].map(([id, app]) => [id, app.received])) };
}

function ingressOf(sidecars: Sidecars, pod: string): number {
  const port = sidecars.byPod.get(pod)?.ingress?.port;
  if (port === undefined) throw new Error(`no ingress for ${pod}`);
  return port;
}

/** Connects to an ingress over TLS presenting `credential`, as a sidecar would, and exchanges `data`. */
function tlsExchange(port: number, credential: Credential, ca: string, data: string) {
  const socket = connect({
    host: "127.0.0.1",
    port,
    ca,
    ...credential,
    checkServerIdentity: () => undefined,
  });
  return exchangeOn(socket, data);
}

describe("open-mtls sidecars", () => {
  it("carry bytes both ways over mutual TLS on every declared edge", async () => {
    const { sidecars, received } = await network();
    for (const [from, to] of [
      ["a", "b"],
      ["b", "c"],
      ["b", "d"],
    ] as const) {
      const port = sidecars.byPod.get(from)?.egress.get(to)?.port ?? 0;
      const payload = `from ${from} to ${to} `.repeat(5_000);
      expect(await exchange(port, payload)).toEqual({ reply: payload, error: null });
      expect(received.get(to)).toEqual([payload]);
    }
    expect(events).toEqual([
      { kind: "session", from: "a", to: "b" },
      { kind: "session", from: "b", to: "c" },
      { kind: "session", from: "b", to: "d" },
    ]);
  });

  it("refuse a pod with a valid certificate of the run that has no edge to the target, and report it", async () => {
    const { sidecars, received } = await network();
    const c = ingressOf(sidecars, "c");
    for (const pod of ["a", "d"]) {
      const { reply } = await tlsExchange(c, credentialOf(run, pod), run.authority.pem, "let me in");
      expect(reply).toBe("");
    }
    await until(() => events.length === 2);
    expect(events).toEqual(
      ["a", "d"].map((pod) => ({
        kind: "refused",
        pod: "c",
        claimed: identity(pod),
        reason: "not a declared upstream",
      })),
    );
    expect(received.get("c")).toEqual([]);
    // the declared upstream, with its own certificate, is let in
    const { reply } = await tlsExchange(c, credentialOf(run, "b"), run.authority.pem, "hello");
    expect(reply).toBe("hello");
  });

  it("refuse a certificate of another CA, even one naming a declared upstream, and report it", async () => {
    const { sidecars, received } = await network();
    const { reply } = await tlsExchange(
      ingressOf(sidecars, "c"),
      credentialOf(other, "b"),
      run.authority.pem,
      "let me in",
    );
    expect(reply).toBe("");
    await until(() => events.length === 1);
    expect(events).toEqual([
      {
        kind: "refused",
        pod: "c",
        claimed: null,
        reason: expect.stringMatching(/^TLS handshake failed: /) as string,
      },
    ]);
    expect(received.get("c")).toEqual([]);
  });

  it("report the identity a refused certificate names with control characters escaped, on one line", async () => {
    const { sidecars } = await network();
    const forged = await run.authority.issue("spiffe://x/\u001b[2K\n[lane7] fine", "b.t.svc");
    await tlsExchange(ingressOf(sidecars, "c"), forged, run.authority.pem, "let me in");
    await until(() => events.length === 1);
    expect(events).toEqual([
      {
        kind: "refused",
        pod: "c",
        claimed: "spiffe://x/\\x1b[2K\\x0a[lane7] fine",
        reason: "not a declared upstream",
      },
    ]);
  });
});

describe("open-mtls egress", () => {
  it("refuses a server whose certificate (of the run's CA) names another pod than the route's", async () => {
    const echo = echoServer();
    const appPort = await serve(echo.server);
    cleanups.push(() => closeServer(echo.server));
    const tlsOf = (pod: string) => ({
      ca: run.authority.pem,
      credential: credentialOf(run, pod),
      namesOf: run.namesOf,
    });
    // c's sidecar, set up to admit a: it answers where a's route to b leads
    const impostor = await startMtlsIngress({
      pod: "c",
      upstream: new Set([identity("a")]),
      tls: tlsOf("c"),
      app: { port: appPort },
      onEvent,
    });
    cleanups.push(() => impostor.close());
    const route = model.pods.find((pod) => pod.id === "a")?.downstream[0];
    if (route?.pod !== "b") throw new Error("no route a → b");
    const egress = await startMtlsEgress({
      from: "a",
      route,
      peer: { port: impostor.port },
      tls: tlsOf("a"),
      onEvent,
    });
    cleanups.push(() => egress.close());
    expect((await exchange(egress.port, "for b only")).reply).toBe("");
    await until(() => events.length === 1);
    const expected = {
      kind: "refused",
      pod: "a",
      claimed: identity("c"),
      reason: `egress to b: the server is not ${identity("b")}`,
      outgoing: true,
    } as const;
    expect(events).toEqual([expected]);
    expect(refusalLine(expected)).toBe(
      `a: refused connection to ${identity("c")} (egress to b: the server is not ${identity("b")})`,
    );
    expect(echo.received).toEqual([]);
  });
});
