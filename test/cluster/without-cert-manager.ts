import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { ClusterInfo } from "../support/cluster.js";

/**
 * The test cluster as a cluster without cert-manager looks: a plain-HTTP proxy in front of the API server
 * that answers 404 for cert-manager's CRDs and API group and forwards everything else. The CRDs stay
 * registered for the tests that run beside it; only what goes through the proxy does not see them.
 */
export interface ClusterWithoutCertManager {
  /** The test cluster's information, its kubeconfig pointing at the proxy. */
  cluster: ClusterInfo;
  close(): Promise<void>;
}

const HIDDEN = [/^\/apis\/cert-manager\.io(\/|$|\?)/, /customresourcedefinitions\/[^/?]*\.cert-manager\.io/];

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority": string } }[];
  users: { user: { token: string } }[];
}

export async function withoutCertManager(live: ClusterInfo): Promise<ClusterWithoutCertManager> {
  const config = parse(readFileSync(live.kubeconfig, "utf8")) as Kubeconfig;
  const upstream = config.clusters[0]?.cluster;
  if (upstream === undefined) throw new Error(`${live.kubeconfig}: no cluster`);
  const ca = readFileSync(upstream["certificate-authority"]);
  // kubectl sends no bearer token over plain HTTP: the proxy adds the administrator's.
  const authorization = `Bearer ${config.users[0]?.user.token ?? ""}`;
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? "/";
    if (HIDDEN.some((pattern) => pattern.test(path))) {
      outgoing.writeHead(404, { "content-type": "application/json" });
      outgoing.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          reason: "NotFound",
          code: 404,
        }),
      );
      return;
    }
    const forwarded = request(
      new URL(path, upstream.server),
      {
        method: incoming.method,
        headers: { ...incoming.headers, host: new URL(upstream.server).host, authorization },
        ca,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  const proxied = structuredClone(
    parse(readFileSync(live.kubeconfig, "utf8")) as Record<string, unknown>,
  ) as {
    clusters: { cluster: Record<string, unknown> }[];
  };
  for (const entry of proxied.clusters) {
    // client-node takes a plain-HTTP server only with TLS verification off (there is no TLS to verify).
    entry.cluster = { server: `http://127.0.0.1:${address.port}`, "insecure-skip-tls-verify": true };
  }
  const dir = mkdtempSync(join(tmpdir(), "lane7-no-cert-manager-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, stringify(proxied), { mode: 0o600 });
  return {
    cluster: { ...live, kubeconfig, logs: dir },
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
