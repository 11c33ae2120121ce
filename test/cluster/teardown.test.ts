import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../src/cluster/connect.js";
import { teardownOrder } from "../../src/cluster/teardown.js";
import { runInProcess } from "../support/cli.js";
import { testCluster, type ClusterInfo } from "../support/cluster.js";
import {
  applyServerSide,
  bundleObjects,
  connectTo,
  deleteNetwork,
  namedBundle,
  namespaceExists,
} from "./live.js";

/** `lane7 teardown` against the real API server: it removes one network, all of it, and nothing else. */
const cluster = testCluster();

describe.skipIf(cluster === null)("lane7 teardown on a real API server", () => {
  const info = cluster as ClusterInfo;
  const doomed = namedBundle("quad-pod", "teardown-doomed");
  const neighbour = namedBundle("bi-pod", "teardown-neighbour");
  const held = namedBundle("bi-pod", "teardown-held");
  let live: Cluster;

  beforeAll(async () => {
    live = await connectTo(info.kubeconfig);
    for (const bundle of [doomed, neighbour, held]) await applyServerSide(live.config, bundleObjects(bundle));
  });

  afterAll(async () => {
    await Promise.all([neighbour, held].map((bundle) => deleteNetwork(live, bundle)));
  });

  const teardown = (argument: string, ...flags: string[]) =>
    runInProcess(["teardown", argument, "--kubeconfig", info.kubeconfig, ...flags], "/", {});

  it("deletes the network's namespaces, upstream pods first, and leaves another network's alone", async () => {
    const order = teardownOrder(doomed.model);
    expect(order).toEqual(doomed.model.deployOrder.map((id) => `teardown-doomed-${id}-ns`).reverse());
    const run = await teardown(doomed.dir, "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "About to delete Quad-Pod Diamond (network teardown-doomed): these 4 namespaces and everything in them:\n" +
        order.map((namespace) => `  ${namespace}\n`).join("") +
        `context lane7-test, server ${live.target.server}, user lane7-test\n` +
        order.map((namespace) => `  ${namespace}: deleted\n`).join("") +
        "Torn down: 4 namespaces deleted, 0 already gone.\n",
    );
    for (const namespace of order)
      expect(await namespaceExists(live.config, namespace), namespace).toBe(false);
    for (const pod of neighbour.model.pods) {
      expect(await namespaceExists(live.config, pod.namespace), pod.namespace).toBe(true);
    }
  }, 120_000);

  it("a second teardown, from the network file this time, finds nothing to delete and exits 0", async () => {
    const file = join(doomed.dir, "network.yaml");
    const text = readFileSync(new URL("../../examples/quad-pod.yaml", import.meta.url), "utf8");
    writeFileSync(file, text.replace("name: quad-pod", "name: teardown-doomed"));
    const run = await teardown(file, "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("  teardown-doomed-merger-ns: not there\n");
    expect(run.stderr).toMatch(/Torn down: 0 namespaces deleted, 4 already gone\.\n$/);
  }, 120_000);

  it("a namespace still terminating at --timeout: exit 1, and the namespaces after it are left", async () => {
    const [first, second] = teardownOrder(held.model);
    // A finalizer nobody removes holds the namespace in Terminating.
    const hold = (finalizers: string[]) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "hold", namespace: first ?? "", finalizers },
    });
    await applyServerSide(live.config, [hold(["lane7.test/hold"])]);
    try {
      const run = await teardown(held.dir, "--yes", "--timeout", "1");
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `\nlane7: namespace ${first} is still terminating after 1 s; 1 namespace after it was left\n$`,
        ),
      );
      expect(await namespaceExists(live.config, second ?? "")).toBe(true);
    } finally {
      await applyServerSide(live.config, [hold([])]);
    }
  }, 120_000);
});
