import { describe, expect, test } from "vitest";
import type { Cluster } from "../../../src/render/envoy/types.js";
import { allCases } from "./fixtures.js";
import { clusterNamed, clusters, hcmOf, listenerNamed, listeners, routesOf } from "./inspect.js";

const CASES = allCases();
const http2 = (cluster: Cluster | undefined) =>
  cluster?.typed_extension_protocol_options?.["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]
    .explicit_http_config.http2_protocol_options !== undefined;

describe("protocols where Envoy speaks HTTP itself (armored-car)", () => {
  const car = CASES.filter((c) => c.model.mode === "armored-car");

  test("the examples include gRPC and WebSocket pods", () => {
    const protocols = new Set(car.flatMap((c) => c.pod.downstream.map((r) => r.protocol)));
    expect(protocols).toEqual(new Set(["http", "grpc", "websocket"]));
  });

  test.each(car)("$label: HTTP/2 exactly on clusters to gRPC apps", ({ pod, bootstrap }) => {
    for (const route of pod.downstream) {
      expect(http2(clusterNamed(bootstrap, `route-${route.pod}`)), route.pod).toBe(route.protocol === "grpc");
    }
    if (pod.upstream.length > 0)
      expect(http2(clusterNamed(bootstrap, "local-app"))).toBe(pod.protocol === "grpc");
    expect(http2(clusterNamed(bootstrap, "local-control"))).toBe(false);
  });

  test.each(car)("$label: WebSocket upgrades exactly where WebSocket flows", ({ pod, bootstrap }) => {
    const upgrades = (name: string) => {
      const listener = listenerNamed(bootstrap, name);
      return listener && hcmOf(listener)?.upgrade_configs;
    };
    for (const route of pod.downstream) {
      const expected = route.protocol === "websocket" ? [{ upgrade_type: "websocket" }] : undefined;
      expect(upgrades(`egress-${route.pod}`), route.pod).toEqual(expected);
    }
    if (pod.upstream.length > 0) {
      expect(upgrades("ingress")).toEqual(
        pod.protocol === "websocket" ? [{ upgrade_type: "websocket" }] : undefined,
      );
    }
    expect(upgrades("pinhole")).toBeUndefined();
  });

  test.each(car)(
    "$label: streams (gRPC, WebSocket) are not cut by the route timeout",
    ({ pod, bootstrap }) => {
      for (const route of pod.downstream) {
        const listener = listenerNamed(bootstrap, `egress-${route.pod}`);
        const hcm = listener && hcmOf(listener);
        const [only] = hcm ? routesOf(hcm) : [];
        const timeout = only && "route" in only ? only.route.timeout : undefined;
        expect(timeout, route.pod).toBe(route.protocol === "http" ? undefined : "0s");
      }
    },
  );
});

describe("armored-tunnel relays bytes: no HTTP settings on its data path", () => {
  test.each(CASES.filter((c) => c.model.mode === "armored-tunnel"))("$label", ({ bootstrap }) => {
    for (const cluster of clusters(bootstrap))
      expect(cluster.typed_extension_protocol_options).toBeUndefined();
    const dataPath = listeners(bootstrap).filter((l) => l.name === "ingress" || l.name.startsWith("egress-"));
    for (const listener of dataPath) expect(hcmOf(listener)).toBeUndefined();
  });
});
