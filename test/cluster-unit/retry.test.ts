import { createServer, type Server } from "node:http";
import { describe, expect, it } from "vitest";
import { KubeConfig, RequestContext, ResponseContext, HttpMethod } from "@kubernetes/client-node";
import { clusterApis } from "../../src/cluster/apis.js";
import { objectClient } from "../../src/cluster/objects.js";
import { retrying } from "../../src/cluster/retry.js";

/** An answer with `status` and these headers, noting when its body is read. */
function answer(status: number, headers: Record<string, string> = {}, read: number[] = []): ResponseContext {
  return new ResponseContext(status, headers, {
    text: () => {
      read.push(status);
      return Promise.resolve("{}");
    },
    binary: () => Promise.resolve(Buffer.alloc(0)),
  });
}

/** Sends through `retrying` to a server giving `answers` in turn: the statuses returned, and the waits. */
async function exchange(answers: ResponseContext[]) {
  const waits: number[] = [];
  let sent = 0;
  const send = retrying(
    () => Promise.resolve(answers[Math.min(sent++, answers.length - 1)] as ResponseContext),
    (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  );
  const response = await send(new RequestContext("https://127.0.0.1:1/api/v1/namespaces", HttpMethod.GET));
  return { status: response.httpStatusCode, sent, waits };
}

describe("requests the API server asks to send again", () => {
  it("are sent again after 429 Too Many Requests, waiting as Retry-After says (1 s at least, 10 s at most)", async () => {
    const read: number[] = [];
    expect(await exchange([answer(429, {}, read), answer(200)])).toEqual({
      status: 200,
      sent: 2,
      waits: [1000],
    });
    expect(read, "the refused answer is read to its end").toEqual([429]);
    const asked = [
      answer(429, { "retry-after": "3" }),
      answer(429, { "retry-after": "0" }),
      answer(429, { "retry-after": "60" }),
    ];
    expect(await exchange([...asked, answer(201)])).toEqual({
      status: 201,
      sent: 4,
      waits: [3000, 1000, 10000],
    });
  });

  it("are sent again after a 5xx only when it gives Retry-After", async () => {
    expect(await exchange([answer(503, { "retry-after": "2" }), answer(200)])).toEqual({
      status: 200,
      sent: 2,
      waits: [2000],
    });
    expect(await exchange([answer(503), answer(200)])).toEqual({ status: 503, sent: 1, waits: [] });
    expect(await exchange([answer(500, { "retry-after": "soon" }), answer(200)])).toEqual({
      status: 500,
      sent: 1,
      waits: [],
    });
    expect(await exchange([answer(409, { "retry-after": "1" }), answer(200)])).toEqual({
      status: 409,
      sent: 1,
      waits: [],
    });
  });

  it("give up after 10 retries, with the last answer", async () => {
    expect(await exchange([answer(429)])).toEqual({ status: 429, sent: 11, waits: Array(10).fill(1000) });
  });

  it("are retried by the cluster commands' clients, against a server that throttles once", async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      const line = `${request.method} ${request.url}`;
      const first = !seen.includes(line);
      seen.push(line);
      response.setHeader("content-type", "application/json");
      if (first) {
        response.writeHead(429, { "retry-after": "1" });
        response.end(JSON.stringify({ kind: "Status", code: 429, message: "storage is (re)initializing" }));
      } else response.end(JSON.stringify(ANSWERS.find(([path]) => request.url?.startsWith(path))?.[1] ?? {}));
    });
    const port = await listening(server);
    try {
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [{ name: "c", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
        users: [{ name: "u", token: "t" }],
        contexts: [{ name: "x", cluster: "c", user: "u" }],
        currentContext: "x",
      });
      const apis = await clusterApis(config);
      expect((await apis.core.readNamespace({ name: "shop" })).metadata?.name).toBe("shop");
      const objects = await objectClient(config);
      expect(await objects.list("cert-manager.io/v1", "Certificate", "a=b")).toEqual([]);
      expect(seen.map((line) => line.replace(/\?.*/, ""))).toEqual(
        [
          "/api/v1/namespaces/shop",
          "/apis/cert-manager.io/v1",
          "/apis/cert-manager.io/v1/certificates",
        ].flatMap((path) => [`GET ${path}`, `GET ${path}`]),
      );
    } finally {
      server.close();
    }
  }, 20_000);
});

/** What the test server answers a request it does not throttle, by path. */
const ANSWERS: [string, object][] = [
  ["/api/v1/namespaces/shop", { kind: "Namespace", apiVersion: "v1", metadata: { name: "shop" } }],
  [
    "/apis/cert-manager.io/v1/certificates",
    { kind: "CertificateList", apiVersion: "cert-manager.io/v1", items: [] },
  ],
  [
    "/apis/cert-manager.io/v1",
    {
      kind: "APIResourceList",
      groupVersion: "cert-manager.io/v1",
      resources: [{ name: "certificates", kind: "Certificate", namespaced: true }],
    },
  ],
];

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}
