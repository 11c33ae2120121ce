import { describe, expect, test } from "vitest";
import type { Cluster } from "../../../src/render/envoy/types.js";
import { PINHOLE_CLIENT_CA_DIR, PINHOLE_TLS_DIR } from "../../../src/render/conventions.js";
import { APP_CONTROL_PORT, APP_PORT } from "../../../src/spec/constants.js";
import { pinholeEndpoint } from "../../../src/render/blueprint/topology.js";
import { allCases, type Case } from "./fixtures.js";
import {
  clusterNamed,
  clustersReferencedBy,
  endpointsOf,
  hcmOf,
  listenerNamed,
  routeOutcome,
  routesOf,
} from "./inspect.js";

const CASES = allCases();
const NO_CLUSTER = { load_assignment: { endpoints: [] } } as unknown as Cluster;
const tier = (n: 1 | 2) => CASES.filter((c) => c.pod.pinhole?.tier === n);

function tlsOf(bootstrap: (typeof CASES)[number]["bootstrap"]) {
  const chain = listenerNamed(bootstrap, "pinhole")?.filter_chains[0];
  return chain?.transport_socket?.typed_config;
}

describe("pinhole", () => {
  test("the examples include both tiers and a custom port", () => {
    expect(tier(1).length).toBeGreaterThan(0);
    expect(tier(2).length).toBeGreaterThan(0);
    expect(CASES.some((c) => c.pod.pinhole && c.pod.pinhole.port !== 19000)).toBe(true);
  });

  test.each(CASES)("$label: a pinhole listener exactly when the pod has one", ({ pod, bootstrap }) => {
    const listener = listenerNamed(bootstrap, "pinhole");
    if (!pod.pinhole) {
      expect(listener).toBeUndefined();
      expect(clusterNamed(bootstrap, "local-control")).toBeUndefined();
      return;
    }
    expect(listener?.address.socket_address).toEqual({ address: "0.0.0.0", port_value: pod.pinhole.port });
    expect(listener && clustersReferencedBy(listener)).toEqual(["local-control"]);
    const control = clusterNamed(bootstrap, "local-control");
    expect(control && endpointsOf(control)).toEqual([{ address: "127.0.0.1", port: APP_CONTROL_PORT }]);
    expect(tlsOf(bootstrap)?.common_tls_context).toMatchObject({
      tls_params: { tls_minimum_protocol_version: "TLSv1_2" },
      tls_certificates: [
        {
          certificate_chain: { filename: `${PINHOLE_TLS_DIR}/tls.crt` },
          private_key: { filename: `${PINHOLE_TLS_DIR}/tls.key` },
        },
      ],
    });
  });

  test.each(tier(2))(
    "$label: tier 2 requires a client certificate from the pinhole client CA",
    ({ bootstrap }) => {
      const tls = tlsOf(bootstrap);
      expect(tls?.require_client_certificate).toBe(true);
      expect(tls?.common_tls_context.validation_context).toEqual({
        trusted_ca: { filename: `${PINHOLE_CLIENT_CA_DIR}/ca.crt` },
      });
    },
  );

  test.each(tier(1))("$label: tier 1 authenticates the server only", ({ bootstrap }) => {
    const tls = tlsOf(bootstrap);
    expect(tls?.require_client_certificate).toBeUndefined();
    expect(tls?.common_tls_context.validation_context).toBeUndefined();
  });

  test.each(CASES.filter((c) => c.pod.pinhole && c.pod.upstream.length > 0))(
    "$label: the pinhole and the ingress reach different ports of the app",
    ({ bootstrap }) => {
      const port = (name: string) => endpointsOf(clusterNamed(bootstrap, name) ?? NO_CLUSTER)[0]?.port;
      expect(port("local-app")).toBe(APP_PORT);
      expect(port("local-control")).toBe(APP_CONTROL_PORT);
    },
  );
});

describe("pinhole routes: the one endpoint of the pod's role, nothing else of the app", () => {
  const pinholed = CASES.filter((c) => c.pod.pinhole);
  const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  const outcome = (bootstrap: Case["bootstrap"], method: string, path: string) => {
    const listener = listenerNamed(bootstrap, "pinhole");
    const hcm = listener && hcmOf(listener);
    if (!hcm) throw new Error("the pinhole listener has no HTTP connection manager");
    return routeOutcome(routesOf(hcm), method, path);
  };

  test("every example's boundary pods are covered: initiators and exits", () => {
    const roles = new Set(pinholed.map((c) => (c.pod.role === "initiator" ? "initiator" : "exit")));
    expect(roles).toEqual(new Set(["initiator", "exit"]));
  });

  test.each(pinholed)("$label: no prefix route reaches the app", ({ bootstrap }) => {
    const listener = listenerNamed(bootstrap, "pinhole");
    const hcm = listener && hcmOf(listener);
    const routes = hcm ? routesOf(hcm) : [];
    const forwarding = routes.filter((route) => "route" in route);
    expect(forwarding).toHaveLength(1);
    expect(forwarding.map((route) => route.match)).not.toContainEqual(
      expect.objectContaining({ prefix: expect.any(String) as string }),
    );
  });

  test.each(pinholed)("$label: the endpoint reaches the control port, with or without a query", (c) => {
    const { method, path } = pinholeEndpoint(c.pod);
    expect(outcome(c.bootstrap, method, path)).toBe("local-control");
    expect(outcome(c.bootstrap, method, `${path}?since=1`)).toBe("local-control");
  });

  test.each(pinholed)("$label: its path with any other method is 405", (c) => {
    const { method, path } = pinholeEndpoint(c.pod);
    for (const other of METHODS.filter((m) => m !== method))
      expect(outcome(c.bootstrap, other, path), `${other} ${path}`).toBe(405);
  });

  test.each(pinholed)("$label: the 405 names the one method allowed (Allow)", (c) => {
    const { method, path } = pinholeEndpoint(c.pod);
    const listener = listenerNamed(c.bootstrap, "pinhole");
    const hcm = listener && hcmOf(listener);
    const refusal = (hcm ? routesOf(hcm) : []).find(
      (route) => "direct_response" in route && route.direct_response.status === 405,
    );
    expect(refusal?.match).toEqual({ path });
    expect(refusal && "response_headers_to_add" in refusal && refusal.response_headers_to_add).toEqual([
      { header: { key: "allow", value: method }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" },
    ]);
  });

  test.each(pinholed)("$label: every other path is 404, the app's ingress first", (c) => {
    const { path } = pinholeEndpoint(c.pod);
    const other = path === "/trigger" ? "/output" : "/trigger";
    const paths = ["/message", "/ws", "/lane7.Relay/Deliver", "/healthz", "/", other];
    const near = [`${path}/`, `${path}x`, path.toUpperCase(), `/${path}`, `${path}/../message`];
    for (const candidate of [...paths, ...near])
      for (const m of METHODS) expect(outcome(c.bootstrap, m, candidate), `${m} ${candidate}`).toBe(404);
  });
});
