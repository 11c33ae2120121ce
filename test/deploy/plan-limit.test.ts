import { describe, expect, it } from "vitest";
import { PARALLEL_API_CALLS } from "../../src/cluster/apis.js";
import type { KubeObject, ObjectClient } from "../../src/cluster/objects.js";
import type { BundleObject } from "../../src/deploy/manifests.js";
import { planDeploy } from "../../src/deploy/plan.js";
import { exampleModel } from "../support/models.js";

const target = { context: "test", server: "https://127.0.0.1:6443", user: "test" };

/**
 * An API server holding `live` (the namespace, so every object in it is checked: read, then applied as a
 * dry run) that answers each call after a moment, counting the calls in flight.
 */
function countingClient(live: KubeObject): { client: ObjectClient; most: () => number } {
  let inFlight = 0;
  let most = 0;
  const call = async <T>(answer: T): Promise<T> => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight--;
    return answer;
  };
  const client: ObjectClient = {
    read: (ref) => call(ref.kind === live.kind && ref.name === live.metadata.name ? live : null),
    apply: (object) => call(object),
    list: () => Promise.resolve([]),
    delete: () => Promise.resolve(false),
  };
  return { client, most: () => most };
}

const configMap = (name: string): BundleObject => {
  const object: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "n" } };
  return { pod: "a", file: "a/03-deployment.yaml", object };
};

describe("planDeploy", () => {
  it("makes at most PARALLEL_API_CALLS calls at a time, however many objects, and keeps the plan's order", async () => {
    const namespace: BundleObject = {
      pod: "a",
      file: "a/01-namespace.yaml",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } },
    };
    const objects = [namespace, ...Array.from({ length: 60 }, (_, i) => configMap(`c${i}`))];
    const { client, most } = countingClient(namespace.object);
    const plan = await planDeploy(client, target, objects, exampleModel("agentic-ai"), false);
    expect(plan.entries.map((entry) => entry.ref.name)).toEqual(objects.map((o) => o.object.metadata.name));
    expect(most()).toBeGreaterThan(1);
    expect(most()).toBeLessThanOrEqual(PARALLEL_API_CALLS);
  });
});
