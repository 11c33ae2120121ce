import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../src/cluster/connect.js";
import type { ManifestObject } from "../../src/cluster/load-target.js";
import { formatRollout, waitForRollout } from "../../src/cluster/rollout.js";
import type { NetworkStatus } from "../../src/cluster/status.js";
import { styleFor } from "../../src/io.js";
import { runInProcess } from "../support/cli.js";
import { eventually, testCluster, type ClusterInfo } from "../support/cluster.js";
import { expectPodsAdmitted, failedCreates } from "./checks.js";
import { applyServerSide, bundleObjects, connectTo, deleteNetwork, namedBundle, quietIo } from "./live.js";

/**
 * The rollout wait and `lane7 status` against the real API server, where no scheduler and no kubelet run:
 * the Pods of a Deployment are made and admitted, then stay Pending on no node, and both must say so.
 */
const cluster = testCluster();
const plain = styleFor(false);

describe.skipIf(cluster === null)("the rollout wait and lane7 status on a real API server", () => {
  const info = cluster as ClusterInfo;
  const pending = namedBundle("bi-pod", "status-pending");
  const refused = namedBundle("bi-pod", "status-refused");
  let live: Cluster;

  beforeAll(async () => {
    live = await connectTo(info.kubeconfig);
    await applyServerSide(live.config, bundleObjects(pending));
    await applyServerSide(live.config, bundleObjects(refused).map(privileged));
    await Promise.all(pending.model.pods.map((pod) => expectPodsAdmitted(info, pod.namespace)));
    await Promise.all(
      refused.model.pods.map((pod) =>
        eventually(`${pod.namespace}: FailedCreate`, async () => {
          const events = await failedCreates(info, pod.namespace);
          return events.length > 0 ? events : null;
        }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all([pending, refused].map((bundle) => deleteNetwork(live, bundle)));
  });

  it("waiting 5 s returns not ready, naming every pod as Pending and unscheduled", async () => {
    const started = Date.now();
    const result = await waitForRollout(live, pending.model, { timeoutSeconds: 5 }, quietIo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(result.ready).toBe(false);
    expect(result.pods.map((pod) => pod.pod)).toEqual(pending.model.pods.map((pod) => pod.id));
    for (const pod of result.pods) {
      expect(pod, pod.pod).toMatchObject({ ready: false, readyReplicas: 0, desiredReplicas: 1 });
      expect(
        pod.problems.map((problem) => problem.kind),
        pod.pod,
      ).toEqual(["unschedulable"]);
      expect(pod.problems[0]?.pod, pod.pod).toMatch(new RegExp(`^${pod.pod}-`));
      expect(pod.problems[0]?.message, pod.pod).toMatch(/^Pending on no node: no scheduler has placed it/);
    }
    const text = formatRollout(result, plain);
    expect(text).toMatch(/^not rolled out after \d+ s: 2 of 2 pods not ready\n/);
    for (const pod of pending.model.pods)
      expect(text).toContain(`  ${pod.id} (${pod.namespace}): 0/1 ready\n`);
  });

  it("on a terminal, the wait shows a line per pod, redrawn in place", async () => {
    let stderr = "";
    const terminal = {
      ...quietIo,
      stderr: { isTTY: true, columns: 70, write: (text: string) => (stderr += text) },
    };
    await waitForRollout(live, pending.model, { timeoutSeconds: 1, intervalMs: 400 }, terminal);
    const draws = stderr.split("\u001b[2A");
    expect(draws.length).toBeGreaterThan(1);
    for (const draw of draws) {
      const lines = draw.split("\n").filter((line) => line !== "");
      expect(lines).toHaveLength(2);
      for (const [index, line] of lines.entries()) {
        const id = pending.model.pods[index]?.id ?? "";
        expect(line).toMatch(new RegExp(`^\u001b\\[2K… ${id}  0/1 ready  ${id}-\\S+: Pending on no node`));
        expect(line.length).toBeLessThanOrEqual("\u001b[2K".length + 69);
      }
    }
  });

  it("a Deployment whose Pods admission refuses: the ReplicaSet's FailedCreate is the reason", async () => {
    const result = await waitForRollout(live, refused.model, { timeoutSeconds: 1 }, quietIo);
    expect(result.ready).toBe(false);
    for (const pod of result.pods) {
      expect(
        pod.problems.map((problem) => problem.kind),
        pod.pod,
      ).toEqual(["admission"]);
      expect(pod.problems[0]?.message, pod.pod).toMatch(/^no Pod could be created: .*violates PodSecurity/);
    }
  });

  it("lane7 status says the same and exits 1; the tasks' logs cannot be read, and nothing has drifted", async () => {
    const run = await runInProcess(["status", pending.dir, "--kubeconfig", info.kubeconfig], "/", {});
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^network status-pending on context \S+ \(https:\/\/127\.0\.0\.1:\d+, user \S+\)$/,
    );
    for (const pod of pending.model.pods) {
      const row = lines.findIndex((line) => line.startsWith(`${pod.id}  `));
      expect(lines[row], pod.id).toMatch(new RegExp(`^${pod.id}\\s+${pod.namespace}\\s+0/1 ready\\s+0$`));
      expect(lines[row + 1], pod.id).toMatch(
        new RegExp(`^    ${pod.id}-\\S+: Pending on no node: no scheduler has placed it`),
      );
    }
    expect(run.stdout).toContain("\ntasks end to end: no\n  pod-1: no running Pod\n");
    expect(run.stdout).toContain("\ndrift from the bundle: none found\n");
    expect(lines.at(-2)).toBe("not ready: 2 of 2 pods");
  });

  it("lane7 status --format json: the same, for scripts", async () => {
    const run = await runInProcess(
      ["status", pending.dir, "--kubeconfig", info.kubeconfig, "--format", "json"],
      "/",
      {},
    );
    expect(run.code).toBe(1);
    const status = JSON.parse(run.stdout) as NetworkStatus & { formatVersion: number };
    expect(status).toMatchObject({ formatVersion: 1, network: "status-pending", ready: false, drift: [] });
    expect(status.tasks).toEqual({
      carrying: false,
      pods: [
        { pod: "pod-1", namespace: "status-pending-pod-1-ns", tasks: [], unavailable: "no running Pod" },
      ],
    });
    for (const pod of status.pods) {
      expect(pod).toMatchObject({ ready: false, readyReplicas: 0, desiredReplicas: 1, restarts: 0 });
      expect(pod.problems.map((problem) => problem.kind)).toEqual(["unschedulable"]);
    }
  });

  it("lane7 status flags drift: an object missing on the cluster, a Deployment running another image", async () => {
    const drifting = namedBundle("bi-pod", "status-drift");
    try {
      const objects = bundleObjects(drifting);
      const service = objects.find((object) => object.kind === "Service" && object.metadata.name === "pod-2");
      await applyServerSide(
        live.config,
        objects.filter((object) => object !== service).map((object) => otherImage(object, "pod-1")),
      );
      const run = await runInProcess(["status", drifting.dir, "--kubeconfig", info.kubeconfig], "/", {});
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        "\ndrift from the bundle: 2 differences\n" +
          "  missing Service status-drift-pod-2-ns/pod-2: in the bundle, not on the cluster\n" +
          "  changed Deployment status-drift-pod-1-ns/pod-1: container web-app runs registry.example.com/other:1, " +
          "the bundle says registry.example.com/status-drift/pod-1:0.1.0\n",
      );
    } finally {
      await deleteNetwork(live, drifting);
    }
  });
});

type Json = Record<string, unknown>;

/** A copy of `object` with `change` made to its first container, when it is the Deployment named `name`. */
function withApp(object: ManifestObject, name: string | null, change: (app: Json) => void): ManifestObject {
  if (object.kind !== "Deployment" || (name !== null && object.metadata.name !== name)) return object;
  const copy = structuredClone(object) as ManifestObject & {
    spec: { template: { spec: { containers: Json[] } } };
  };
  const [app] = copy.spec.template.spec.containers;
  if (!app) throw new Error("no container");
  change(app);
  return copy;
}

/**
 * Every Deployment with a privileged app container, which Pod Security `restricted` refuses (the API itself
 * refuses privileged with allowPrivilegeEscalation false, so that goes).
 */
function privileged(object: ManifestObject): ManifestObject {
  return withApp(object, null, (app) => {
    const securityContext: Json = { ...(app.securityContext as Json), privileged: true };
    delete securityContext.allowPrivilegeEscalation;
    app.securityContext = securityContext;
  });
}

function otherImage(object: ManifestObject, pod: string): ManifestObject {
  return withApp(object, pod, (app) => {
    app.image = "registry.example.com/other:1";
  });
}
