import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/cluster/objects.js";
import { changedFields, type Plan, type PlanEntry } from "../../src/deploy/plan.js";
import { formatConflicts, formatPlan, hasChanges } from "../../src/deploy/report.js";
import { styleFor } from "../../src/io.js";

const live: KubeObject = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "a-envoy",
    namespace: "n",
    resourceVersion: "7",
    managedFields: [{ manager: "kubectl" }],
    uid: "u",
  },
  data: { "envoy.yaml": "old" },
};

describe("changedFields", () => {
  it("ignores what the server keeps for itself, and status", () => {
    const next = {
      ...live,
      metadata: { ...live.metadata, resourceVersion: "8", managedFields: [] },
      status: {},
    };
    expect(changedFields(live, next)).toEqual([]);
  });

  it("names the changed fields two levels deep", () => {
    const next = {
      ...live,
      metadata: { ...live.metadata, labels: { x: "y" } },
      data: { "envoy.yaml": "new", extra: "1" },
    };
    expect(changedFields(live, next)).toEqual(["data.envoy.yaml", "data.extra", "metadata.labels"]);
  });
});

const entry = (
  kind: string,
  name: string,
  action: PlanEntry["action"],
  changed: string[] = [],
): PlanEntry => ({
  ref: { apiVersion: "v1", kind, name, namespace: "n" },
  action,
  changed,
  checked: true,
});

describe("formatPlan", () => {
  it("security-relevant objects first, a Secret's values never, the counts last", () => {
    const plan: Plan = {
      entries: [
        entry("Namespace", "n", "unchanged"),
        entry("Service", "a", "create"),
        entry("Secret", "a-wosp-credentials", "change"),
        entry("ConfigMap", "a-envoy", "change", ["data.envoy.yaml"]),
        entry("Deployment", "a", "change", ["spec.template"]),
        entry("NetworkPolicy", "b", "delete"),
      ],
      conflicts: [],
    };
    expect(formatPlan(plan, "net", styleFor(false))).toBe(
      "network net:\n" +
        "  change  Secret n/a-wosp-credentials (values not shown)\n" +
        "  delete  NetworkPolicy n/b\n" +
        "  change  ConfigMap n/a-envoy: data.envoy.yaml\n" +
        "  create  Service n/a\n" +
        "  change  Deployment n/a: spec.template\n" +
        "1 to create, 3 to change, 1 to delete, 1 unchanged\n",
    );
    expect(hasChanges(plan)).toBe(true);
  });

  it("nothing to change", () => {
    const plan: Plan = { entries: [entry("Namespace", "n", "unchanged")], conflicts: [] };
    expect(formatPlan(plan, "net", styleFor(false))).toBe(
      "network net: nothing to change\n0 to create, 0 to change, 0 to delete, 1 unchanged\n",
    );
    expect(hasChanges(plan)).toBe(false);
  });
});

describe("formatConflicts", () => {
  it("each field with its manager, and how to take them over", () => {
    const ref = { apiVersion: "v1", kind: "ConfigMap", name: "a-envoy", namespace: "n" };
    expect(formatConflicts([{ ref, field: "data.envoy.yaml", manager: "helm" }])).toBe(
      "nothing was deployed: 1 field of the bundle is set to another value by another field manager:\n" +
        "  ConfigMap n/a-envoy: data.envoy.yaml is managed by helm\n" +
        "Deploy with --force-conflicts to take them over (lane7 then manages them).",
    );
  });
});
