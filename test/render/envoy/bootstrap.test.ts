import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { envoyBootstrapYaml, renderEnvoyBootstrap } from "../../../src/render/envoy/bootstrap.js";
import { ENVOY_ADMIN_PORT, SIDECAR_HEALTH_PORT } from "../../../src/spec/constants.js";
import { allCases, OPTIONS } from "./fixtures.js";
import { allSocketAddresses, clusters, hcmOf, listenerNamed, listeners, routesOf } from "./inspect.js";

const CASES = allCases();

describe("Envoy bootstrap", () => {
  test("covers every pod of every example in both modes", () => {
    expect(new Set(CASES.map((c) => c.model.mode))).toEqual(new Set(["armored-tunnel", "armored-car"]));
    expect(CASES.length).toBeGreaterThanOrEqual(2 * 5 * 2);
  });

  test.each(CASES)(
    "$label is the typed object, unchanged by the YAML round trip",
    ({ model, pod, bootstrap }) => {
      expect(bootstrap).toEqual(renderEnvoyBootstrap(model, pod, OPTIONS));
    },
  );

  test.each(CASES)(
    "$label renders the same bytes every time, from a copy of the model too",
    ({ model, pod }) => {
      const copy = structuredClone(model);
      const copyPod = copy.pods.find((p) => p.id === pod.id);
      if (!copyPod) throw new Error("pod missing from the copy");
      expect(envoyBootstrapYaml(copy, copyPod, OPTIONS)).toBe(envoyBootstrapYaml(model, pod, OPTIONS));
    },
  );

  test.each(CASES)(
    "$label keeps admin on loopback and exposes no listener on the admin port",
    ({ bootstrap }) => {
      expect(bootstrap.admin.address).toEqual({
        socket_address: { address: "127.0.0.1", port_value: ENVOY_ADMIN_PORT },
      });
      const adminPort = allSocketAddresses(bootstrap.static_resources).filter(
        (a) => a.port_value === ENVOY_ADMIN_PORT,
      );
      expect(adminPort).toEqual([]);
    },
  );

  test.each(CASES)(
    "$label orders listeners ingress, egress by port, pinhole, health",
    ({ pod, bootstrap }) => {
      const egress = [...pod.downstream]
        .sort((a, b) => a.egressPort - b.egressPort)
        .map((r) => `egress-${r.pod}`);
      expect(listeners(bootstrap).map((l) => l.name)).toEqual([
        ...(pod.upstream.length > 0 ? ["ingress"] : []),
        ...egress,
        ...(pod.pinhole ? ["pinhole"] : []),
        "health",
      ]);
      expect(clusters(bootstrap).map((c) => c.name)).toEqual([
        ...(pod.upstream.length > 0 ? ["local-app"] : []),
        ...egress.map((name) => name.replace(/^egress-/, "route-")),
        ...(pod.pinhole ? ["local-control"] : []),
      ]);
    },
  );

  test.each(CASES)("$label answers the kubelet's /ready probe on the health port itself", ({ bootstrap }) => {
    const health = listenerNamed(bootstrap, "health");
    expect(health?.address).toEqual({
      socket_address: { address: "0.0.0.0", port_value: SIDECAR_HEALTH_PORT },
    });
    const hcm = health && hcmOf(health);
    expect(hcm?.http_filters.map((f) => f.name)).toEqual([
      "envoy.filters.http.health_check",
      "envoy.filters.http.router",
    ]);
    expect(hcm?.http_filters[0]?.typed_config).toMatchObject({
      pass_through_mode: false,
      headers: [{ name: ":path", string_match: { exact: "/ready" } }],
    });
    // Nothing behind the health port: every other path is a 404 from Envoy, never a cluster.
    expect(hcm && routesOf(hcm)).toEqual([{ match: { prefix: "/" }, direct_response: { status: 404 } }]);
  });

  test("the YAML quotes pod ids a YAML 1.1 reader would misread", () => {
    const [first] = CASES;
    if (!first) throw new Error("no cases");
    const pod = { ...first.pod, id: "on" };
    const yaml = envoyBootstrapYaml(first.model, pod, OPTIONS);
    expect(yaml).toContain('id: "on"');
    expect((parse(yaml, { version: "1.1" }) as { node: { id: unknown } }).node.id).toBe("on");
  });
});
