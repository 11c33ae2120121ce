import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  clusterEnv,
  getJson,
  kubectl,
  runCommand,
  serverWarnings,
  testCluster,
  type ClusterInfo,
  type CommandResult,
} from "../support/cluster.js";
import { modelFromText, OPTIONS } from "../support/models.js";
import { writeBundle, type WrittenBundle } from "./bundles.js";
import { expectPodsAdmitted, expectRestricted } from "./checks.js";

/**
 * The bundle's own pinhole-setup.sh, deploy.sh and teardown.sh, run as a user would (the built kubectl
 * on PATH, KUBECONFIG set), against the real API server: quad-pod (pinholes of both tiers), under a name
 * of its own so that its namespaces are this test's alone.
 */
const cluster = testCluster();

const text = readFileSync(new URL("../../examples/quad-pod.yaml", import.meta.url), "utf8");
const model = modelFromText(
  "quad-pod-scripts.yaml",
  text.replace("name: quad-pod", "name: quad-pod-scripts"),
);
const namespaces = model.pods.map((pod) => pod.namespace);
const credentials = {
  license: "LICENSE-for-the-test-cluster",
  apiToken: "TOKEN-for-the-test-cluster",
  keys: Object.fromEntries(model.pods.map((pod) => [pod.id, `KEY-${pod.id}`])),
};

function script(
  live: ClusterInfo,
  bundle: WrittenBundle,
  name: string,
  args: string[],
): Promise<CommandResult> {
  const cwd = mkdtempSync(join(tmpdir(), "lane7-cluster-cwd-"));
  return runCommand("bash", [join(bundle.dir, name), ...args], { env: clusterEnv(live), cwd });
}

function expectSucceeded(result: CommandResult, what: string): void {
  expect(serverWarnings(result.stderr), `${what}: the API server warned`).toEqual([]);
  expect(result.stderr, `${what}: stderr`).toBe("");
  expect(result.status, `${what}: exit status`).toBe(0);
}

async function existingNamespaces(live: ClusterInfo): Promise<string[]> {
  const list = await getJson<{ items: { metadata: { name: string } }[] }>(live, ["namespaces"]);
  return list.items.map((item) => item.metadata.name).filter((name) => namespaces.includes(name));
}

async function generations(live: ClusterInfo): Promise<Record<string, number>> {
  const entries = await Promise.all(
    model.pods.map(async (pod) => {
      const deployment = await getJson<{ metadata: { generation: number; resourceVersion: string } }>(live, [
        "deployment",
        pod.id,
        "--namespace",
        pod.namespace,
      ]);
      return [pod.id, deployment.metadata.generation] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe.skipIf(cluster === null)("the bundle's scripts against the real API server", () => {
  const live = cluster as ClusterInfo;
  const placeholders = writeBundle("quad-pod-scripts", model);
  const filled = writeBundle("quad-pod-scripts", model, { ...OPTIONS, credentials });

  it("deploy.sh refuses placeholder credentials and creates nothing", async () => {
    const result = await script(live, placeholders, "deploy.sh", ["--yes", "--no-wait"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("still hold placeholder credentials");
    expect(await existingNamespaces(live)).toEqual([]);
  });

  it("deploy.sh refuses to deploy before the pinhole TLS secrets exist, and creates nothing", async () => {
    const result = await script(live, filled, "deploy.sh", ["--yes", "--no-wait"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("these pinhole TLS secrets do not exist yet");
    expect(result.stderr).toContain("quad-pod-scripts-ingest-ns/ingest-pinhole-tls");
    expect(await existingNamespaces(live)).toEqual([]);
  });

  it("pinhole-setup.sh, then deploy.sh --no-wait: every object in, every pod admitted", async () => {
    expectSucceeded(await script(live, filled, "pinhole-setup.sh", ["--yes"]), "pinhole-setup.sh");
    for (const secret of ["ingest-pinhole-tls", "ingest-pinhole-client-ca"]) {
      const found = await kubectl(live, [
        "get",
        "secret",
        secret,
        "--namespace",
        "quad-pod-scripts-ingest-ns",
      ]);
      expect(found.status, secret).toBe(0);
    }
    const deployed = await script(live, filled, "deploy.sh", ["--yes", "--no-wait"]);
    expectSucceeded(deployed, "deploy.sh --no-wait");
    expect(deployed.stdout).toContain("not waiting for the rollouts (--no-wait)");
    await expectRestricted(live, namespaces);
    await Promise.all(namespaces.map((namespace) => expectPodsAdmitted(live, namespace)));
  });

  it("runs again without changing a Deployment", async () => {
    const before = await generations(live);
    expectSucceeded(await script(live, filled, "pinhole-setup.sh", ["--yes"]), "pinhole-setup.sh, again");
    expectSucceeded(await script(live, filled, "deploy.sh", ["--yes", "--no-wait"]), "deploy.sh, again");
    expect(await generations(live)).toEqual(before);
  });

  it("re-issues the certificates a new --san changes and restarts exactly those pods", async () => {
    const before = await generations(live);
    const result = await script(live, filled, "pinhole-setup.sh", ["--yes", "--san", "lb.example.com"]);
    expectSucceeded(result, "pinhole-setup.sh --san");
    const boundary = model.pods.filter((pod) => pod.pinhole).map((pod) => pod.id);
    for (const pod of boundary) expect(result.stdout).toContain(`${pod}: restarted`);
    const after = await generations(live);
    for (const pod of model.pods) {
      expect(after[pod.id], pod.id).toBe((before[pod.id] ?? 0) + (boundary.includes(pod.id) ? 1 : 0));
    }
    const again = await script(live, filled, "pinhole-setup.sh", ["--yes", "--san", "lb.example.com"]);
    expectSucceeded(again, "pinhole-setup.sh --san, again");
    expect(again.stdout).not.toContain("restarted");
    expect(await generations(live)).toEqual(after);
  });

  it("deploy.sh without --no-wait waits for the rollouts, which no kubelet here completes", async () => {
    const result = await script(live, filled, "deploy.sh", ["--yes", "--timeout", "1s"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/deploy\.sh: deployment\/\S+ did not roll out/);
  });

  it("teardown.sh deletes every namespace of the network, for good, and can run again", async () => {
    const result = await script(live, filled, "teardown.sh", ["--yes", "--timeout", "90s"]);
    expectSucceeded(result, "teardown.sh");
    expect(await existingNamespaces(live)).toEqual([]);
    expectSucceeded(await script(live, filled, "teardown.sh", ["--yes"]), "teardown.sh, again");
  }, 120_000);
});
