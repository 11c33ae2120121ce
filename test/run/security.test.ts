import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { FrameReader } from "../../src/run/sidecar/frames.js";
import { clientHandshake } from "../../src/run/sidecar/handshake.js";
import { issueRunCertificates } from "../../src/run/sidecar/mtls/certificates.js";
import { openMtlsExamples } from "../support/findings.js";
import { NO_PYTHON_REASON, findPython } from "../support/python.js";
import { Lane7Run, leftoverApps } from "./lane7-run.js";
import { exchangeOn, listeningPorts, modelOf } from "./net-helpers.js";

const python = findPython();
const runs: Lane7Run[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    await run.dispose();
    expect(await leftoverApps(run.podPids().values(), 10_000)).toEqual([]);
  }
});

interface PodPorts {
  ingress: number | null;
  egress: Map<string, number>;
}

/** From `[lane7] started <pod> pid=N app=N ingress=N|none egress=<pod>=N,…|none`. */
function sidecarPorts(run: Lane7Run): Map<string, PodPorts> {
  const ports = new Map<string, PodPorts>();
  for (const line of run.stderr) {
    const match = /^\[lane7\] started (\S+) pid=\d+ app=\d+ ingress=(\S+) egress=(\S+)$/.exec(line);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const egress = match[3] === "none" ? [] : match[3].split(",").map((pair) => pair.split("="));
    ports.set(match[1], {
      ingress: match[2] === "none" ? null : Number(match[2]),
      egress: new Map(egress.map(([pod, port]) => [pod ?? "", Number(port)])),
    });
  }
  return ports;
}

async function handshakeAs(from: string, to: string, port: number): Promise<string> {
  const socket = connectTcp({ port, host: "127.0.0.1" });
  const reader = new FrameReader(socket);
  const outcome = await clientHandshake(reader, from, to, randomBytes(32)).then(
    () => "open",
    () => "refused",
  );
  socket.destroy();
  return outcome;
}

async function http(method: string, url: string): Promise<number> {
  return (await exchange(method, url)).status;
}

async function exchange(method: string, url: string): Promise<Response> {
  const response = await fetch(url, { method, body: method === "POST" ? "{}" : undefined });
  await response.arrayBuffer();
  return response;
}

describe.skipIf(python === null)("lane7 run enforces the declared topology", { timeout: 90_000 }, () => {
  it("has nothing listening off the declared routes, refuses undeclared upstreams and reports them", async () => {
    const run = new Lane7Run(["examples/agentic-ai.yaml", "--timeout", "60", "--interval", "1"], {
      LANE7_PYTHON: python ?? "",
    });
    runs.push(run);
    await run.line(/^\[lane7\] all pods are up/);
    const ports = sidecarPorts(run);
    const pinholes = (
      await Promise.all([
        run.line(/^\[lane7\] pinhole ai-gateway: POST http:\/\/127\.0\.0\.1:(\d+)\/trigger$/),
        run.line(/^\[lane7\] pinhole ai-results-sink: GET http:\/\/127\.0\.0\.1:(\d+)\/output$/),
      ])
    ).map((match) => Number(match[1]));

    // Undeclared routes: lane7 listens on the declared edges, the ingresses and the pinholes, nothing else.
    expect([...(ports.get("ai-gateway")?.egress.keys() ?? [])]).toEqual(["ai-orchestrator"]);
    expect(ports.get("ai-gateway")?.ingress).toBeNull();
    const declared = [...ports.values()].flatMap((pod) => [
      ...(pod.ingress === null ? [] : [pod.ingress]),
      ...pod.egress.values(),
    ]);
    expect(declared).toHaveLength(6 + 5);
    const listening = listeningPorts(run.pid);
    if (listening !== null) expect(listening).toEqual([...declared, ...pinholes].sort((a, b) => a - b));

    // Undeclared upstream: the gateway claims to reach the sink directly; and a declared one without the key.
    const sink = ports.get("ai-results-sink")?.ingress ?? 0;
    const orchestrator = ports.get("ai-orchestrator")?.ingress ?? 0;
    expect(await handshakeAs("ai-gateway", "ai-results-sink", sink)).toBe("refused");
    expect(await handshakeAs("ai-gateway", "ai-orchestrator", orchestrator)).toBe("refused");
    await run.line(
      /SECURITY ai-results-sink: refused connection from ai-gateway \(not a declared upstream\)$/,
    );
    await run.line(/SECURITY ai-orchestrator: refused connection from ai-gateway \(authentication failed\)$/);

    // The pinholes serve their endpoints only.
    const [trigger, output] = pinholes;
    expect(await http("POST", `http://127.0.0.1:${String(trigger)}/trigger`)).toBe(202);
    expect(await http("GET", `http://127.0.0.1:${String(output)}/output`)).toBe(200);
    expect(await http("GET", `http://127.0.0.1:${String(trigger)}/output`)).toBe(404);
    expect(await http("POST", `http://127.0.0.1:${String(output)}/trigger`)).toBe(404);
    expect(await http("POST", `http://127.0.0.1:${String(output)}/message`)).toBe(404);
    expect(await http("GET", `http://127.0.0.1:${String(trigger)}/trigger`)).toBe(405);
    expect(await http("POST", `http://127.0.0.1:${String(output)}/output`)).toBe(405);
    const refused = await exchange("POST", `http://127.0.0.1:${String(output)}/output`);
    expect([refused.status, refused.headers.get("allow")]).toEqual([405, "GET"]);
    expect(await http("GET", `http://127.0.0.1:${String(output)}/output?since=1`)).toBe(200);

    run.signal("SIGINT");
    expect(await run.exited, run.transcript()).toBe(0);
    expect(run.stderr.join("\n")).toMatch(/^\[lane7\] {3}sidecar sessions: \d+; rejected connections: 2$/m);
    expect(await leftoverApps(run.podPids().values())).toEqual([]);
  });
});

describe.skipIf(python === null)("lane7 run in the open-mtls profile", { timeout: 90_000 }, () => {
  it("refuses and reports a certificate that is not of the run's CA, and a sidecar without TLS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lane7-run-open-test-"));
    try {
      const example = openMtlsExamples().find(({ file }) => file.startsWith("agentic-ai"));
      if (!example) throw new Error("no agentic-ai example");
      const path = join(dir, example.file);
      writeFileSync(path, example.text);
      const run = new Lane7Run([path, "--timeout", "60", "--interval", "1"], { LANE7_PYTHON: python ?? "" });
      runs.push(run);
      await run.line(/^\[lane7\] all pods are up/);
      const orchestrator = sidecarPorts(run).get("ai-orchestrator")?.ingress ?? 0;
      // the gateway's certificate of another run: the right identity, not this run's CA
      const model = modelOf(example.text);
      const stranger = (await issueRunCertificates(model, 1)).byPod.get("ai-gateway");
      if (!stranger) throw new Error("no certificate");
      const socket = connect({
        host: "127.0.0.1",
        port: orchestrator,
        ...stranger,
        rejectUnauthorized: false,
      });
      expect((await exchangeOn(socket, "let me in")).reply).toBe("");
      expect(await handshakeAs("ai-gateway", "ai-orchestrator", orchestrator)).toBe("refused");
      await run.line(
        /SECURITY ai-orchestrator: refused connection from an unnamed sender \(TLS handshake failed: .+\)$/,
      );
      run.signal("SIGINT");
      expect(await run.exited, run.transcript()).toBe(0);
      expect(run.stderr.join("\n")).toMatch(/^\[lane7\] {3}sidecar sessions: \d+; rejected connections: 2$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if (python === null) console.warn(`skipping lane7 run security tests: ${NO_PYTHON_REASON}`);
