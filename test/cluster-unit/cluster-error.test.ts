import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ApiException, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { clusterError, type ClusterTarget } from "../../src/cluster/connect.js";

const target: ClusterTarget = { context: "dev", server: "https://127.0.0.1:1", user: "alice" };

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code });
}

function lineOf(error: unknown): string {
  const message = clusterError(error, target, "reading namespace shop").message;
  expect(message).not.toContain("\n");
  return message;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("clusterError", () => {
  it("a server nobody answers at (a real request through client-node)", async () => {
    const port = await closedPort();
    const config = new KubeConfig();
    config.loadFromClusterAndUser(
      { name: "c", server: `https://127.0.0.1:${port}`, skipTLSVerify: false },
      { name: "u", token: "t" },
    );
    const error: unknown = await config
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: "shop" })
      .catch((caught: unknown) => caught);
    expect(lineOf(error)).toBe(
      "reading namespace shop: cannot reach the API server https://127.0.0.1:1 (connection refused)",
    );
  });

  it("a host name that does not resolve", () => {
    const error = Object.assign(
      new Error("request to https://nowhere/ failed, reason: getaddrinfo ENOTFOUND"),
      {
        code: "ENOTFOUND",
      },
    );
    expect(lineOf(error)).toContain("cannot reach the API server https://127.0.0.1:1 (host not found)");
  });

  it("a certificate the client does not trust", () => {
    const error = Object.assign(new Error("request to https://x/ failed, reason: self-signed certificate"), {
      code: "SELF_SIGNED_CERT_IN_CHAIN",
    });
    expect(lineOf(error)).toBe(
      "reading namespace shop: TLS problem with the API server https://127.0.0.1:1: self-signed certificate (SELF_SIGNED_CERT_IN_CHAIN)",
    );
  });

  it("a time-out", () => {
    const error = Object.assign(new Error("network timeout at: https://x/"), { type: "request-timeout" });
    expect(lineOf(error)).toContain("(timed out)");
  });

  it("401: expired or invalid credentials, naming the user", () => {
    const error = new ApiException(401, "Unauthorized", status(401, "Unauthorized", "Unauthorized"), {});
    expect(lineOf(error)).toBe(
      "reading namespace shop: https://127.0.0.1:1 answered 401 Unauthorized: the credentials of user alice are expired or invalid",
    );
  });

  it("403: the verb, resource and namespace from the Status body", () => {
    const message =
      'secrets is forbidden: User "alice" cannot create resource "secrets" in API group "" in the namespace "shop"';
    const error = new ApiException(403, "Forbidden", status(403, "Forbidden", message), {});
    expect(lineOf(error)).toBe(
      "reading namespace shop: https://127.0.0.1:1 answered 403 Forbidden: user alice may not create secrets in namespace shop",
    );
    const clusterWide =
      'namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope';
    expect(lineOf(new ApiException(403, "Forbidden", status(403, "Forbidden", clusterWide), {}))).toContain(
      "user alice may not list namespaces cluster-wide",
    );
    const grouped =
      'deployments.apps is forbidden: User "alice" cannot patch resource "deployments" in API group "apps" in the namespace "shop"';
    expect(lineOf(new ApiException(403, "Forbidden", status(403, "Forbidden", grouped), {}))).toContain(
      "user alice may not patch deployments.apps in namespace shop",
    );
  });

  it("another Status: its code, reason and first line of message", () => {
    const error = new ApiException(
      422,
      "Invalid",
      status(422, "Invalid", 'Service "x" is invalid: spec.ports: Required value\nmore'),
      {},
    );
    expect(lineOf(error)).toBe(
      'reading namespace shop: https://127.0.0.1:1 answered 422 Invalid: Service "x" is invalid: spec.ports: Required value',
    );
  });

  it("anything else: its first line, with no terminal control characters", () => {
    expect(lineOf(new Error("boom\u001b[31m\nsecond line"))).toBe(
      "reading namespace shop: https://127.0.0.1:1: boom\\x1b[31m",
    );
  });
});
