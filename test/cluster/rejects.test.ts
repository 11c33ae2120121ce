import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { serverWarnings, testCluster, type ClusterInfo } from "../support/cluster.js";
import { exampleModel } from "../support/models.js";
import { writeBundle } from "./bundles.js";
import { expectAppliedCleanly, expectPodsAdmitted, failedCreates, serverSideApply } from "./checks.js";

/**
 * The checks of apply.test.ts can fail: objects taken from a real bundle and broken on purpose are
 * refused by the API server, and the same checks report it.
 */
const cluster = testCluster();

type Json = Record<string, unknown>;

/** bi-pod's pod-1 namespace and Deployment, moved to a namespace of this test's own. */
function brokenObjects(namespace: string): { namespaceObject: Json; deployment: Json } {
  const bundle = writeBundle("bi-pod", exampleModel("bi-pod"));
  const read = (file: string) =>
    parseAllDocuments(readFileSync(join(bundle.dir, "pod-1", file), "utf8")).map((doc) => doc.toJS() as Json);
  const [namespaceObject] = read("01-namespace.yaml");
  const deployment = read("03-deployment.yaml").find((object) => object.kind === "Deployment");
  if (!namespaceObject || !deployment) throw new Error("bi-pod has no namespace or Deployment");
  (namespaceObject.metadata as Json).name = namespace;
  (deployment.metadata as Json).namespace = namespace;
  return { namespaceObject, deployment };
}

function podSpec(deployment: Json): { containers: Json[] } {
  return ((deployment.spec as Json).template as Json).spec as { containers: Json[] };
}

/**
 * The first container privileged. The API refuses privileged together with allowPrivilegeEscalation
 * false (before admission sees it), so that goes.
 */
function makePrivileged(spec: { containers: Json[] }): void {
  const [container] = spec.containers;
  if (!container) throw new Error("no container");
  const securityContext: Json = { ...(container.securityContext as Json), privileged: true };
  delete securityContext.allowPrivilegeEscalation;
  container.securityContext = securityContext;
}

function writeObjects(...objects: Json[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "lane7-broken-")), "objects.yaml");
  writeFileSync(file, objects.map((object) => stringify(object)).join("---\n"));
  return file;
}

describe.skipIf(cluster === null)("a broken object, applied to the real API server", () => {
  const live = cluster as ClusterInfo;

  it("with a field the API does not define, is refused by strict field validation", async () => {
    const { namespaceObject, deployment } = brokenObjects("lane7-broken-unknown-field");
    await expectAppliedCleanly(live, [writeObjects(namespaceObject)]);
    const [container] = podSpec(deployment).containers;
    if (container) container.imagePullPolicyy = "Always";
    const file = writeObjects(deployment);
    const result = await serverSideApply(live, [file], { dryRun: true });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/imagePullPolicyy: field not declared in schema/);
    await expect(expectAppliedCleanly(live, [file])).rejects.toThrow();
  });

  it("as a privileged Pod in a restricted namespace, is refused by Pod Security", async () => {
    const { namespaceObject, deployment } = brokenObjects("lane7-broken-privileged-pod");
    await expectAppliedCleanly(live, [writeObjects(namespaceObject)]);
    const spec = podSpec(deployment);
    makePrivileged(spec);
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "privileged", namespace: "lane7-broken-privileged-pod" },
      spec,
    };
    const result = await serverSideApply(live, [writeObjects(pod)], { dryRun: false });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/violates PodSecurity "restricted:latest": .*privileged/);
  });

  it("as a privileged Deployment, draws a warning, and its ReplicaSet fails to create Pods", async () => {
    const namespace = "lane7-broken-privileged-deployment";
    const { namespaceObject, deployment } = brokenObjects(namespace);
    await expectAppliedCleanly(live, [writeObjects(namespaceObject)]);
    makePrivileged(podSpec(deployment));
    const file = writeObjects(deployment);
    await expect(expectAppliedCleanly(live, [file])).rejects.toThrow(/the API server warned/);
    const applied = await serverSideApply(live, [file], { dryRun: false });
    expect(applied.status).toBe(0);
    expect(serverWarnings(applied.stderr).join("\n")).toMatch(
      /would violate PodSecurity "restricted:latest"/,
    );
    await expect(expectPodsAdmitted(live, namespace)).rejects.toThrow(/Pod Security refused/);
    expect((await failedCreates(live, namespace)).join("\n")).toMatch(
      /violates PodSecurity "restricted:latest"/,
    );
  });
});
