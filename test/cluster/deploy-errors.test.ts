import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runCli } from "../support/cli.js";
import { kubectl, testCluster, type ClusterInfo } from "../support/cluster.js";
import { deploy, example, filledBundle, renamed, settledVersions, versions } from "./deploying.js";

/**
 * A cluster lane7 cannot use: one clear line and exit 2, from the built lane7 (which loads client-node
 * only for the cluster commands), never a stack trace.
 */
const cluster = testCluster();

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, string> }[];
  users: { name: string; user: Record<string, string> }[];
}

function writeKubeconfig(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "lane7-kubeconfig-")), "config");
  writeFileSync(file, typeof config === "string" ? config : stringify(config));
  return file;
}

describe.skipIf(cluster === null)("lane7 deploy: errors", () => {
  const live = cluster as ClusterInfo;
  const good = parse(readFileSync(live.kubeconfig, "utf8")) as Kubeconfig;
  const server = good.clusters[0]?.cluster.server ?? "";
  const bundle = filledBundle(renamed(example("bi-pod.yaml"), "deploy-errors"));
  const withCluster = (
    cluster: Record<string, string>,
    user: Record<string, string> = good.users[0]?.user ?? {},
  ) =>
    writeKubeconfig({
      ...good,
      clusters: [{ ...good.clusters[0], cluster }],
      users: [{ ...good.users[0], user }],
    });

  const cases: [string, () => string, RegExp][] = [
    [
      "an unreachable server",
      () => withCluster({ server: "https://127.0.0.1:9" }),
      /^lane7: checking Namespace deploy-errors-pod-\d-ns: cannot reach the API server https:\/\/127\.0\.0\.1:9 \(connection refused\)\n$/,
    ],
    [
      "a kubeconfig that is not one",
      () => writeKubeconfig("clusters:\n  - name: broken\n"),
      /^lane7: kubeconfig \S+: clusters\[0\]\.cluster is missing\n$/,
    ],
    [
      "a token the server does not know (401)",
      () => withCluster(good.clusters[0]?.cluster ?? {}, { token: "not-the-token" }),
      new RegExp(
        `^lane7: checking Namespace deploy-errors-pod-\\d-ns: ${server.replace(/\./g, "\\.")} answered 401 Unauthorized: the credentials of user \\S+ are expired or invalid\\n$`,
      ),
    ],
    [
      "a server certificate the kubeconfig does not trust",
      () => withCluster({ server }),
      /^lane7: checking Namespace deploy-errors-pod-\d-ns: TLS problem with the API server https:\/\/127\.0\.0\.1:\d+: .*certificate.*\n$/,
    ],
  ];

  it.each(cases)("%s: one line, exit 2", (_what, kubeconfig, expected) => {
    const result = runCli(["deploy", bundle.dir, "--kubeconfig", kubeconfig(), "--yes", "--no-wait"]);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(2);
  });

  it("a service account without any role (403): the verb, the resource and where", async () => {
    for (const args of [
      ["create", "namespace", "deploy-errors-rbac"],
      ["create", "serviceaccount", "nobody", "--namespace", "deploy-errors-rbac"],
    ]) {
      const made = await kubectl(live, args);
      expect(made.status, made.stderr).toBe(0);
    }
    const token = await kubectl(live, ["create", "token", "nobody", "--namespace", "deploy-errors-rbac"]);
    expect(token.status, token.stderr).toBe(0);
    const kubeconfig = withCluster(good.clusters[0]?.cluster ?? {}, { token: token.stdout.trim() });
    const result = runCli(["deploy", bundle.dir, "--kubeconfig", kubeconfig, "--yes"]);
    expect(result.stderr).toMatch(
      /^lane7: checking Namespace deploy-errors-pod-\d-ns: \S+ answered 403 Forbidden: user system:serviceaccount:deploy-errors-rbac:nobody may not get namespaces\/deploy-errors-pod-\d-ns\n$/,
    );
    expect(result.code).toBe(2);
  });

  it("an unknown --context names the contexts there are", () => {
    const result = runCli(["deploy", bundle.dir, "--kubeconfig", live.kubeconfig, "--context", "nope"]);
    expect(result.stderr).toMatch(/^lane7: no context named nope: the kubeconfig has \S+\n$/);
    expect(result.code).toBe(2);
  });

  it("a failure midway (an unknown field the server sees once its namespace exists): what was done, then exit 2", async () => {
    const model = renamed(example("bi-pod.yaml"), "deploy-midway");
    const broken = filledBundle(model);
    const pod = model.pods[0];
    if (pod === undefined) throw new Error("bi-pod has pods");
    const manifest = join(broken.dir, pod.id, "03-deployment.yaml");
    writeFileSync(
      manifest,
      readFileSync(manifest, "utf8").replace(/^spec:\n {2}replicas:/m, "spec:\n  bogus: 1\n  replicas:"),
    );

    const result = await deploy(live, [broken.dir, "--yes", "--no-wait"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^lane7: creating Deployment ${pod.namespace}/${pod.id}: \\S+ answered \\d+.*\\.spec\\.bogus: field not declared in schema$`,
        "m",
      ),
    );
    expect(result.stderr).toContain("Already done before the failure (deploy again once it is fixed):\n");
    expect(result.stderr).toContain(`  created Namespace ${pod.namespace}\n`);
    expect(result.stderr).not.toContain(`created Deployment ${pod.namespace}/${pod.id}`);

    // Now that the namespaces exist, the dry run finds it before anything is written.
    const before = await settledVersions(live, model.name);
    const again = await deploy(live, [broken.dir, "--yes", "--no-wait"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      new RegExp(
        `^lane7: checking Deployment ${pod.namespace}/${pod.id}: .*\\.spec\\.bogus: field not declared`,
        "m",
      ),
    );
    expect(await versions(live, model.name)).toEqual(before);
  });
});
