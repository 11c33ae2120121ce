import { describe, expect, test } from "vitest";
import { renderEnvoyBootstrap } from "../../../src/render/envoy/bootstrap.js";
import { controlPort, PINHOLE_CLIENT_CA_DIR, PINHOLE_TLS_DIR } from "../../../src/render/conventions.js";
import { APP_CONTROL_PORT_GRPC } from "../../../src/spec/constants.js";
import { allCases, OPTIONS } from "./fixtures.js";
import { clusterNamed, clustersReferencedBy, endpointsOf, listenerNamed } from "./inspect.js";

const CASES = allCases();
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
    expect(control && endpointsOf(control)).toEqual([{ address: "127.0.0.1", port: controlPort(pod) }]);
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

  test("a gRPC pod's pinhole reaches its HTTP control port, not the gRPC port", () => {
    const example = CASES.find((c) => c.pod.pinhole)?.model;
    const pod = example?.pods.find((p) => p.pinhole);
    if (!example || !pod) throw new Error("no pinholed pod in the examples");
    const grpcPod = { ...pod, protocol: "grpc" as const };
    const bootstrap = renderEnvoyBootstrap(example, grpcPod, OPTIONS);
    const control = clusterNamed(bootstrap, "local-control");
    expect(control && endpointsOf(control)).toEqual([{ address: "127.0.0.1", port: APP_CONTROL_PORT_GRPC }]);
  });
});
