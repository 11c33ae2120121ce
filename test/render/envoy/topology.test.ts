import { describe, expect, test } from "vitest";
import { APP_PORT, SIDECAR_HEALTH_PORT, SIDECAR_INGRESS_PORT } from "../../../src/spec/constants.js";
import { allCases } from "./fixtures.js";
import {
  allSocketAddresses,
  clusterNamed,
  clusters,
  clustersReferencedBy,
  endpointsOf,
  listenerNamed,
  listeners,
  rbacFilters,
  woSPConfigs,
} from "./inspect.js";

/** "The topology is the policy": only declared edges have a listener or a cluster. */
const CASES = allCases();

describe("Envoy bootstrap topology", () => {
  test.each(CASES)("$label reaches exactly its declared downstream pods", ({ pod, bootstrap }) => {
    const remote = clusters(bootstrap)
      .flatMap(endpointsOf)
      .filter((e) => e.address !== "127.0.0.1");
    expect(remote).toEqual(
      pod.downstream.map((route) => ({ address: route.host, port: SIDECAR_INGRESS_PORT })),
    );
    const egress = listeners(bootstrap).filter((l) => l.name.startsWith("egress-"));
    expect(egress.map((l) => l.address.socket_address)).toEqual(
      pod.downstream.map((route) => ({ address: "127.0.0.1", port_value: route.egressPort })),
    );
    for (const route of pod.downstream) {
      const listener = listenerNamed(bootstrap, `egress-${route.pod}`);
      if (!listener) throw new Error(`no egress listener for ${route.pod}`);
      expect(clustersReferencedBy(listener)).toEqual([`route-${route.pod}`]);
      expect(clusterNamed(bootstrap, `route-${route.pod}`)?.load_assignment.endpoints).toHaveLength(1);
      expect(woSPConfigs(listener)).toEqual([
        expect.objectContaining({ direction: "egress", pod: pod.id, target: route.pod, peers: [route.pod] }),
      ]);
    }
  });

  test.each(CASES)("$label admits exactly its declared upstream pods", ({ pod, bootstrap }) => {
    const ingress = listenerNamed(bootstrap, "ingress");
    if (pod.upstream.length === 0) {
      expect(ingress).toBeUndefined();
      expect(clusterNamed(bootstrap, "local-app")).toBeUndefined();
      return;
    }
    if (!ingress) throw new Error("no ingress listener");
    expect(ingress.address.socket_address).toEqual({ address: "0.0.0.0", port_value: SIDECAR_INGRESS_PORT });
    const [rbac, ...more] = rbacFilters(ingress);
    expect(more).toEqual([]);
    expect(rbac?.action).toBe("ALLOW");
    expect(rbac?.principals).toEqual(
      pod.upstream.map((peer) => ({
        metadata: { filter: "wosp", path: [{ key: "peer" }], value: { string_match: { exact: peer } } },
      })),
    );
    expect(woSPConfigs(ingress)).toEqual([
      expect.objectContaining({
        direction: "ingress",
        pod: pod.id,
        peers: pod.upstream,
        peerMetadata: { filter: "wosp", key: "peer" },
      }),
    ]);
    expect(clustersReferencedBy(ingress)).toEqual(["local-app"]);
    const localApp = clusterNamed(bootstrap, "local-app");
    expect(localApp && endpointsOf(localApp)).toEqual([{ address: "127.0.0.1", port: APP_PORT }]);
  });

  test.each(CASES)(
    "$label has no RBAC-free path into the app and no RBAC outside the ingress",
    ({ bootstrap }) => {
      for (const listener of listeners(bootstrap)) {
        expect(rbacFilters(listener)).toHaveLength(listener.name === "ingress" ? 1 : 0);
      }
    },
  );

  test.each(CASES)(
    "$label sends only to clusters it has, and has no cluster nobody uses",
    ({ bootstrap }) => {
      const referenced = listeners(bootstrap).flatMap(clustersReferencedBy);
      expect(new Set(referenced)).toEqual(new Set(clusters(bootstrap).map((c) => c.name)));
    },
  );

  test.each(CASES)(
    "$label binds off loopback only the ingress, pinhole and health ports",
    ({ pod, bootstrap }) => {
      const hosts = new Set(pod.downstream.map((route) => route.host));
      const exposed = allSocketAddresses(bootstrap).filter(
        (a) => a.address !== "127.0.0.1" && !hosts.has(a.address),
      );
      const allowed = [
        ...(pod.upstream.length > 0 ? [SIDECAR_INGRESS_PORT] : []),
        ...(pod.pinhole ? [pod.pinhole.port] : []),
        SIDECAR_HEALTH_PORT,
      ];
      expect(exposed).toEqual(allowed.map((port) => ({ address: "0.0.0.0", port_value: port })));
    },
  );
});
