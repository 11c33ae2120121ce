import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getJson, testCluster, type ClusterInfo } from "../support/cluster.js";
import { EXAMPLES } from "../support/models.js";
import {
  bundleDocuments,
  deploy,
  example,
  filledBundle,
  pinholeSetup,
  renamed,
  settledVersions,
  versions,
} from "./deploying.js";

/**
 * `lane7 deploy` of every example (each under a name of its own, so that its namespaces are this test's),
 * against the real API server: everything is created, a second deploy changes nothing (no resourceVersion
 * moves), and what the server holds is what the bundle says.
 */
const cluster = testCluster();

describe.skipIf(cluster === null)("lane7 deploy: every example", () => {
  const live = cluster as ClusterInfo;

  it.concurrent.each(EXAMPLES)(
    "%s: deploys, and a second deploy reports and changes nothing",
    async (name) => {
      const model = renamed(example(`${name}.yaml`), `deploy-${name}`);
      const bundle = filledBundle(model);
      await pinholeSetup(live, bundle);
      const documents = bundleDocuments(bundle);

      const first = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
      expect(first.stderr).not.toMatch(/warning|error/i);
      expect(first.code, first.stderr).toBe(0);
      // pinhole-setup.sh made the boundary pods' namespaces, as the bundle has them.
      const made = model.pods.filter((pod) => pod.pinhole).length;
      expect(first.stdout).toContain(
        `${documents.size - made} to create, 0 to change, 0 to delete, ${made} unchanged`,
      );
      const deployed = await settledVersions(live, model.name);
      expect(Object.keys(deployed).sort()).toEqual([...documents.keys()].sort());

      const again = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe(
        `network ${model.name}: nothing to change\n0 to create, 0 to change, 0 to delete, ${documents.size} unchanged\n`,
      );
      expect(await versions(live, model.name)).toEqual(deployed);

      const dryRun = await deploy(live, [bundle.dir, "--dry-run"]);
      expect(dryRun.code, dryRun.stderr).toBe(0);
    },
    120_000,
  );

  it("a NetworkPolicy's ingress peers arrive as written (client-node's typed model drops `from`)", async () => {
    const model = renamed(example("bi-pod.yaml"), "deploy-peers");
    const bundle = filledBundle(model);
    await pinholeSetup(live, bundle);
    const result = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
    expect(result.code, result.stderr).toBe(0);
    for (const pod of model.pods) {
      const written = parseAllDocuments(readFileSync(join(bundle.dir, pod.id, "03-deployment.yaml"), "utf8"))
        .map((document) => document.toJS() as { kind: string; spec: { ingress: unknown[] } })
        .find((object) => object.kind === "NetworkPolicy");
      const policy = await getJson<{ spec: { ingress: unknown[] } }>(live, [
        "networkpolicy",
        pod.id,
        "--namespace",
        pod.namespace,
      ]);
      expect(policy.spec.ingress).toEqual(written?.spec.ingress);
      expect(JSON.stringify(policy.spec.ingress)).toContain('"from"');
    }
  });
});

describe.skipIf(cluster === null)("lane7 deploy: waiting for the rollouts", () => {
  const live = cluster as ClusterInfo;

  it("with no kubelet they never finish: --timeout 5 exits 1 naming every pod as Pending, unscheduled", async () => {
    const model = renamed(example("bi-pod.yaml"), "deploy-wait");
    const bundle = filledBundle(model);
    await pinholeSetup(live, bundle);
    const result = await deploy(live, [bundle.dir, "--yes", "--timeout", "5"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/not rolled out after \d+ s: 2 of 2 pods not ready/);
    for (const pod of model.pods) {
      expect(result.stderr).toContain(`${pod.id} (${pod.namespace}): 0/1 ready`);
    }
    expect(result.stderr).toMatch(/no scheduler|unschedulable|Pending/i);
  }, 60_000);
});
