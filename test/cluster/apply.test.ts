import { describe, expect, it } from "vitest";
import type { BlueprintModel } from "../../src/model/model.js";
import { testCluster, type ClusterInfo } from "../support/cluster.js";
import { EXAMPLES, exampleModel } from "../support/models.js";
import { generatedNetworks, manifestPaths, modelOf, writeBundle, type WrittenBundle } from "./bundles.js";
import { expectAppliedCleanly, expectPodsAdmitted, expectRestricted } from "./checks.js";

/**
 * Every example (the golden bundles among them) and a few generated networks, applied to a real API
 * server: each object server-side with strict field validation, a dry run first, then for real, with no
 * error and no warning; every namespace enforces Pod Security `restricted`, and the Pods the controller
 * manager makes from each Deployment are admitted (they stay Pending: there is no kubelet).
 */
const cluster = testCluster();
const generated = generatedNetworks();

const networks: [string, BlueprintModel][] = [
  ...EXAMPLES.map((name): [string, BlueprintModel] => [`examples/${name}.yaml`, exampleModel(name)]),
  ...generated.networks.map((network): [string, BlueprintModel] => [
    `generated network ${JSON.stringify(network.metadata.name)}`,
    modelOf(network),
  ]),
];

describe.skipIf(cluster === null)("every bundle on a real API server", () => {
  it("the generated networks cover gRPC, WebSocket, armored-car, both pinhole tiers and YAML 1.1 ids", () => {
    expect(generated.missing).toEqual([]);
  });

  it.concurrent.each(networks)(
    "%s: applies cleanly and its pods are admitted",
    async (name, model) => {
      await expectBundleAccepted(cluster as ClusterInfo, writeBundle(name, model));
    },
    60_000,
  );
});

async function expectBundleAccepted(cluster: ClusterInfo, bundle: WrittenBundle): Promise<void> {
  // Namespaces first: a dry run of an object in a namespace needs the namespace.
  await expectAppliedCleanly(cluster, manifestPaths(bundle, "01-namespace.yaml"));
  await expectAppliedCleanly(cluster, [
    ...manifestPaths(bundle, "02-secrets.yaml"),
    ...manifestPaths(bundle, "03-deployment.yaml"),
  ]);
  const namespaces = bundle.model.pods.map((pod) => pod.namespace);
  await expectRestricted(cluster, namespaces);
  await Promise.all(namespaces.map((namespace) => expectPodsAdmitted(cluster, namespace)));
}
