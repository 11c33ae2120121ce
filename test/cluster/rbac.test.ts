import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadClientNode } from "../../src/cluster/client.js";
import type { Cluster } from "../../src/cluster/connect.js";
import type { ManifestObject } from "../../src/cluster/load-target.js";
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
import { filledBundle } from "./deploying.js";

/**
 * docs/rbac.yaml, the ClusterRole the README gives a CI service account, is enough for what deploy does
 * (lane7 deploy itself, twice), for status and for teardown; without `delete` on namespaces, teardown
 * says it is forbidden, in one line, and exits 2. The accounts authenticate with tokens of the TokenRequest
 * API, signed with the test cluster's service-account key.
 */
const cluster = testCluster();

interface ClusterRole extends ManifestObject {
  rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
}

const ROLE = readFileSync(new URL("../../docs/rbac.yaml", import.meta.url), "utf8");
const ACCOUNTS_NAMESPACE = "rbac-accounts";

describe.skipIf(cluster === null)("docs/rbac.yaml on a real API server", () => {
  const info = cluster as ClusterInfo;
  // bi-pod has no pinhole; its credentials are filled in, so lane7 deploy takes it
  const deployed = filledBundle(namedBundle("bi-pod", "rbac-deployer").model);
  const kept = namedBundle("bi-pod", "rbac-no-delete");
  let admin: Cluster;
  let deployer: string;
  let noDelete: string;

  beforeAll(async () => {
    admin = await connectTo(info.kubeconfig);
    const role = parse(ROLE) as ClusterRole;
    const withoutDelete: ClusterRole = {
      ...role,
      metadata: { name: "rbac-test-no-delete" },
      rules: role.rules.map((rule) =>
        rule.resources.includes("namespaces")
          ? { ...rule, verbs: rule.verbs.filter((verb) => verb !== "delete") }
          : rule,
      ),
    };
    await applyServerSide(admin.config, [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: ACCOUNTS_NAMESPACE } },
      role,
      withoutDelete,
    ]);
    deployer = await accountKubeconfig(admin, "deployer", role.metadata.name);
    noDelete = await accountKubeconfig(admin, "no-delete", "rbac-test-no-delete");
  });

  afterAll(async () => {
    await deleteNetwork(admin, kept);
    const k8s = await loadClientNode();
    await admin.config.makeApiClient(k8s.CoreV1Api).deleteNamespace({ name: ACCOUNTS_NAMESPACE });
    const objects = k8s.KubernetesObjectApi.makeApiClient(admin.config);
    const rbac = "rbac.authorization.k8s.io/v1";
    for (const [kind, name] of [
      ["ClusterRoleBinding", "rbac-test-deployer"],
      ["ClusterRoleBinding", "rbac-test-no-delete"],
      ["ClusterRole", "rbac-test-no-delete"],
      ["ClusterRole", (parse(ROLE) as ClusterRole).metadata.name],
    ] as const) {
      const object: ManifestObject = { apiVersion: rbac, kind, metadata: { name } };
      await objects.delete(object);
    }
  });

  it("is enough for lane7 deploy, a second deploy, status and teardown", async () => {
    for (const round of ["first", "second"]) {
      const deploy = await runInProcess(
        ["deploy", deployed.dir, "--kubeconfig", deployer, "--yes", "--no-wait"],
        "/",
        {},
      );
      expect(deploy.code, `${round} deploy: ${deploy.stderr}`).toBe(0);
    }
    const status = await runInProcess(["status", deployed.dir, "--kubeconfig", deployer], "/", {});
    expect(status.stderr).toBe("");
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("drift from the bundle: none found");
    const teardown = await runInProcess(
      ["teardown", deployed.dir, "--kubeconfig", deployer, "--yes"],
      "/",
      {},
    );
    expect(teardown.code, teardown.stderr).toBe(0);
    for (const pod of deployed.model.pods) {
      expect(await namespaceExists(admin.config, pod.namespace), pod.namespace).toBe(false);
    }
  }, 120_000);

  it("without delete on namespaces, teardown is forbidden: one line, exit 2, nothing deleted", async () => {
    await applyServerSide((await connectTo(noDelete)).config, bundleObjects(kept));
    const run = await runInProcess(["teardown", kept.dir, "--kubeconfig", noDelete, "--yes"], "/", {});
    expect(run.code).toBe(2);
    const [first] = kept.model.deployOrder.map((id) => `rbac-no-delete-${id}-ns`).reverse();
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(
      `lane7: deleting namespace ${first}: ${admin.target.server} answered 403 Forbidden: user ` +
        `system:serviceaccount:${ACCOUNTS_NAMESPACE}:no-delete may not delete namespaces/${first}`,
    );
    for (const pod of kept.model.pods) {
      expect(await namespaceExists(admin.config, pod.namespace), pod.namespace).toBe(true);
    }
  }, 120_000);
});

/**
 * A ServiceAccount bound to the ClusterRole `role`, and a kubeconfig (written to a file) that uses a token
 * of it against the test cluster.
 */
async function accountKubeconfig(admin: Cluster, name: string, role: string): Promise<string> {
  const k8s = await loadClientNode();
  const binding: ManifestObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: `rbac-test-${name}` },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: [{ kind: "ServiceAccount", name, namespace: ACCOUNTS_NAMESPACE }],
  };
  await applyServerSide(admin.config, [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ACCOUNTS_NAMESPACE } },
    binding,
  ]);
  const request = await admin.config.makeApiClient(k8s.CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace: ACCOUNTS_NAMESPACE,
    // The API's own classes: its serializer wants them (audiences left empty: the API server's own).
    body: Object.assign(new k8s.AuthenticationV1TokenRequest(), {
      spec: Object.assign(new k8s.V1TokenRequestSpec(), { audiences: [], expirationSeconds: 3_600 }),
    }),
  });
  const server = admin.config.getCurrentCluster();
  if (server === null) throw new Error("the admin kubeconfig has no cluster");
  const file = join(mkdtempSync(join(tmpdir(), "lane7-rbac-")), "kubeconfig");
  const ca = server.caData ?? readFileSync(server.caFile ?? "").toString("base64");
  writeFileSync(
    file,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "test", cluster: { server: server.server, "certificate-authority-data": ca } }],
      users: [{ name, user: { token: request.status?.token } }],
      contexts: [{ name, context: { cluster: "test", user: name } }],
      "current-context": name,
    }),
    { mode: 0o600 },
  );
  return file;
}
