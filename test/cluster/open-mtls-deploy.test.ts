import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CERT_MANAGER_VERSION } from "../../src/render/k8s/cert-manager-install.js";
import { certManagerCrds, CERT_MANAGER_NAMESPACE } from "../support/cert-manager-crds.js";
import { clusterEnv, kubectl, runCommand, testCluster, type ClusterInfo } from "../support/cluster.js";
import { asOpenMtls } from "../support/findings.js";
import { runInProcess } from "../support/cli.js";
import { OPTIONS } from "../support/models.js";
import { writeBundle, type WrittenBundle } from "./bundles.js";
import { deploy, example, filledBundle, liveNamespaces, renamed } from "./deploying.js";
import { withoutCertManager, type ClusterWithoutCertManager } from "./without-cert-manager.js";

/**
 * The open-mtls profile on the real API server, with cert-manager's CRDs registered but no cert-manager
 * running: lane7 deploy and deploy.sh put the certificate authority on first, then the pods with their
 * Certificates; without the CRDs (the cluster seen through a proxy that hides them) both refuse and change
 * nothing; status reads each Certificate; lane7 teardown and teardown.sh remove the CA objects too, and
 * in the wosp profile what an open-mtls deployment of the same network left.
 */
const cluster = testCluster();

function openBundle(name: string): WrittenBundle {
  const model = renamed(asOpenMtls(example("bi-pod.yaml")), name);
  return writeBundle(name, model, OPTIONS);
}

/** The CA objects of network `name` on the cluster, as `kind/name` (the Secret only when there). */
async function caObjects(live: ClusterInfo, name: string): Promise<string[]> {
  const found: string[] = [];
  const ca = `${name}-lane7-ca`;
  for (const [what, args] of [
    ["clusterissuer", ["clusterissuers.cert-manager.io", ca, `${name}-lane7-selfsigned`]],
    ["certificate", ["certificates.cert-manager.io", ca, "--namespace", CERT_MANAGER_NAMESPACE]],
    ["secret", ["secret", ca, "--namespace", CERT_MANAGER_NAMESPACE]],
  ] as const) {
    const result = await kubectl(live, ["get", ...args, "--ignore-not-found", "-o", "name"]);
    if (result.status !== 0) throw new Error(`kubectl get ${what}: ${result.stderr}`);
    found.push(...result.stdout.split("\n").filter(Boolean));
  }
  return found.sort();
}

/** None of the network's namespaces and none of its CA objects are on the cluster. */
async function expectNothingLeft(live: ClusterInfo, bundle: WrittenBundle): Promise<void> {
  expect(
    await liveNamespaces(
      live,
      bundle.model.pods.map((pod) => pod.namespace),
    ),
  ).toEqual([]);
  expect(await caObjects(live, bundle.model.name)).toEqual([]);
}

/** What cert-manager would do: fill each Certificate's Secret, with the labels of its secretTemplate. */
async function issue(live: ClusterInfo, bundle: WrittenBundle): Promise<void> {
  const network = { "lane7.dev/network": bundle.model.name, "app.kubernetes.io/managed-by": "lane7" };
  const secret = (name: string, namespace: string) => ({
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/tls",
    metadata: { name, namespace, labels: network },
    stringData: { "tls.crt": "certificate", "tls.key": "key", "ca.crt": "ca" },
  });
  const secrets = [
    secret(`${bundle.model.name}-lane7-ca`, CERT_MANAGER_NAMESPACE),
    ...bundle.model.pods.map((pod) => secret(`${pod.id}-workload-tls`, pod.namespace)),
  ];
  const input = secrets.map((object) => stringify(object)).join("---\n");
  const result = await kubectl(
    live,
    ["apply", "--server-side", "--field-manager=cert-manager", "-f", "-"],
    input,
  );
  expect(result.status, result.stderr).toBe(0);
}

/** The open-mtls bundle of network `name`, deployed, and its Secrets filled as cert-manager would. */
async function deployedOpen(live: ClusterInfo, name: string): Promise<WrittenBundle> {
  const open = openBundle(name);
  const first = await deploy(live, [open.dir, "--yes", "--no-wait"]);
  expect(first.code, first.stderr).toBe(0);
  await issue(live, open);
  expect(await caObjects(live, name)).toHaveLength(4);
  return open;
}

function teardown(live: ClusterInfo, bundle: WrittenBundle) {
  return runInProcess(["teardown", bundle.dir, "--kubeconfig", live.kubeconfig, "--yes"], "/", {});
}

function script(live: ClusterInfo, bundle: WrittenBundle, name: string, args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), "lane7-cluster-cwd-"));
  return runCommand("bash", [join(bundle.dir, name), ...args], { env: clusterEnv(live), cwd });
}

describe.skipIf(cluster === null || certManagerCrds === null)("deploying the open-mtls profile", () => {
  const live = cluster as ClusterInfo;
  let hidden: ClusterWithoutCertManager;

  beforeAll(async () => {
    hidden = await withoutCertManager(live);
  });

  afterAll(async () => {
    await hidden.close();
  });

  it("without cert-manager's CRDs, lane7 deploy and deploy.sh refuse, say how to install it, change nothing", async () => {
    const bundle = openBundle("open-refused");
    const refused = await deploy(hidden.cluster, [bundle.dir, "--yes", "--no-wait"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "nothing was deployed: cert-manager is not installed on this cluster (no CRD certificates.cert-manager.io, clusterissuers.cert-manager.io)",
    );
    expect(refused.stderr).toContain(
      `  kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml\n`,
    );
    expect(refused.stderr).toContain("--set crds.enabled=true");
    expect(refused.stdout).toBe("");

    const byScript = await script(hidden.cluster, bundle, "deploy.sh", ["--yes", "--no-wait"]);
    expect(byScript.status).toBe(1);
    expect(byScript.stderr).toContain("deploy.sh: cert-manager is not installed on this cluster");
    expect(byScript.stderr).toContain("--set crds.enabled=true");

    await expectNothingLeft(live, bundle);
  }, 60_000);

  it("lane7 deploy: the CA first, then the pods with their Certificates; a second deploy changes nothing", async () => {
    const bundle = openBundle("open-deploy");
    const name = bundle.model.name;
    const first = await deploy(live, [bundle.dir, "--yes", "--no-wait"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`  create  ClusterIssuer ${name}-lane7-selfsigned\n`);
    expect(first.stdout).toContain(`  create  Certificate cert-manager/${name}-lane7-ca\n`);
    expect(first.stdout).toContain(
      `  create  Certificate ${name}-pod-1-ns/pod-1-workload (the server checks`,
    );
    const created = first.stderr.split("\n").filter((line) => line.startsWith("created "));
    expect(created.slice(0, 4)).toEqual([
      `created ClusterIssuer ${name}-lane7-selfsigned`,
      `created Certificate cert-manager/${name}-lane7-ca`,
      `created ClusterIssuer ${name}-lane7-ca`,
      `created Namespace ${name}-${bundle.model.deployOrder[0] ?? ""}-ns`,
    ]);
    expect(await caObjects(live, name)).toEqual([
      `certificate.cert-manager.io/${name}-lane7-ca`,
      `clusterissuer.cert-manager.io/${name}-lane7-ca`,
      `clusterissuer.cert-manager.io/${name}-lane7-selfsigned`,
    ]);

    await issue(live, bundle);
    const again = await deploy(live, [bundle.dir, "--dry-run"]);
    expect(again.stdout).toMatch(new RegExp(`^network ${name}: nothing to change\n`));
    expect(again.code, again.stdout).toBe(0);

    const status = await runInProcess(
      ["status", bundle.dir, "--kubeconfig", live.kubeconfig, "--format", "json"],
      tmpdir(),
      {},
    );
    const report = JSON.parse(status.stdout) as {
      certificates: {
        missingCrds: string[];
        certificates: { object: string; ready: boolean; detail: string }[];
      };
      drift: unknown[];
    };
    expect(report.drift).toEqual([]);
    expect(report.certificates.missingCrds).toEqual([]);
    expect(
      report.certificates.certificates.map((entry) => [entry.object, entry.ready, entry.detail]),
    ).toEqual([
      [
        `Certificate cert-manager/${name}-lane7-ca`,
        false,
        "no Ready condition yet: is cert-manager running?",
      ],
      ...bundle.model.pods.map((pod) => [
        `Certificate ${pod.namespace}/${pod.id}-workload`,
        false,
        "no Ready condition yet: is cert-manager running?",
      ]),
    ]);

    const torn = await teardown(live, bundle);
    expect(torn.code, torn.stderr).toBe(0);
    expect(torn.stderr).toContain(`  Secret cert-manager/${name}-lane7-ca: deleted\n`);
    await expectNothingLeft(live, bundle);
    const second = await teardown(live, bundle);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`  ClusterIssuer ${name}-lane7-ca: not there\n`);
  }, 180_000);

  it("switched to wosp, the next lane7 deploy deletes the network's CA and its Certificates", async () => {
    const open = await deployedOpen(live, "open-switch");
    const name = open.model.name;
    const wosp = filledBundle(renamed(example("bi-pod.yaml"), name));
    const switched = await deploy(live, [wosp.dir, "--yes", "--no-wait"]);
    expect(switched.code, switched.stderr).toBe(0);
    for (const object of [
      `Certificate cert-manager/${name}-lane7-ca`,
      `ClusterIssuer ${name}-lane7-ca`,
      `ClusterIssuer ${name}-lane7-selfsigned`,
      `Secret cert-manager/${name}-lane7-ca`,
      ...open.model.pods.flatMap((pod) => [
        `Certificate ${pod.namespace}/${pod.id}-workload`,
        `Secret ${pod.namespace}/${pod.id}-workload-tls`,
      ]),
    ]) {
      expect(switched.stdout).toContain(`  delete  ${object}\n`);
    }
    expect(await caObjects(live, name)).toEqual([]);
    const again = await deploy(live, [wosp.dir, "--dry-run"]);
    expect(again.stdout).toMatch(new RegExp(`^network ${name}: nothing to change\n`));

    const torn = await teardown(live, wosp);
    expect(torn.code, torn.stderr).toBe(0);
    await expectNothingLeft(live, wosp);
  }, 180_000);

  it("switched to wosp and torn down without a deploy, lane7 teardown deletes what the CA left too", async () => {
    const open = await deployedOpen(live, "open-switch-down");
    const name = open.model.name;
    const wosp = filledBundle(renamed(example("bi-pod.yaml"), name));
    const torn = await teardown(live, wosp);
    expect(torn.code, torn.stderr).toBe(0);
    expect(torn.stderr).toContain(
      "and then the certificate authority an open-mtls deployment of it left:\n" +
        `  Certificate cert-manager/${name}-lane7-ca\n` +
        `  ClusterIssuer ${name}-lane7-ca\n` +
        `  ClusterIssuer ${name}-lane7-selfsigned\n` +
        `  Secret cert-manager/${name}-lane7-ca\n`,
    );
    expect(torn.stderr).toContain(`  Secret cert-manager/${name}-lane7-ca: deleted\n`);
    await expectNothingLeft(live, wosp);
    const second = await teardown(live, wosp);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain("certificate authority");
  }, 180_000);

  it("switched to wosp and torn down without a deploy, teardown.sh deletes what the CA left too", async () => {
    const open = await deployedOpen(live, "open-switch-script");
    const name = open.model.name;
    const wosp = filledBundle(renamed(example("bi-pod.yaml"), name));
    const torn = await script(live, wosp, "teardown.sh", ["--yes", "--timeout", "90s"]);
    expect(torn.stderr).toBe("");
    expect(torn.status).toBe(0);
    expect(torn.stdout).toContain(
      "and then the certificate authority an open-mtls deployment of it left:\n" +
        `  certificates.cert-manager.io cert-manager/${name}-lane7-ca\n` +
        `  clusterissuers.cert-manager.io ${name}-lane7-ca\n` +
        `  clusterissuers.cert-manager.io ${name}-lane7-selfsigned\n` +
        `  secrets cert-manager/${name}-lane7-ca\n`,
    );
    await expectNothingLeft(live, wosp);
    const again = await script(live, wosp, "teardown.sh", ["--yes"]);
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain("certificate authority");
  }, 180_000);

  it("deploy.sh applies the CA and the Certificates; teardown.sh removes them, and can run again", async () => {
    const bundle = openBundle("open-scripts");
    const name = bundle.model.name;
    const deployed = await script(live, bundle, "deploy.sh", ["--yes", "--no-wait"]);
    expect(deployed.stderr).toBe("");
    expect(deployed.status).toBe(0);
    expect(deployed.stdout.indexOf("--- certificate-authority.yaml")).toBeLessThan(
      deployed.stdout.indexOf("--- 01-namespace.yaml"),
    );
    for (const pod of bundle.model.pods) {
      const found = await kubectl(live, [
        "get",
        "certificates.cert-manager.io",
        `${pod.id}-workload`,
        "-n",
        pod.namespace,
      ]);
      expect(found.status, found.stderr).toBe(0);
    }
    await issue(live, bundle);
    expect(await caObjects(live, name)).toHaveLength(4);
    const removed = await script(live, bundle, "teardown.sh", ["--yes", "--timeout", "90s"]);
    expect(removed.stderr).toBe("");
    expect(removed.status).toBe(0);
    await expectNothingLeft(live, bundle);
    const again = await script(live, bundle, "teardown.sh", ["--yes"]);
    expect(again.status, again.stderr).toBe(0);
  }, 180_000);
});
