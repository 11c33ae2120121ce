import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { networkComposer } from "../../src/cli/render-inputs.js";
import { loadTarget, type NetworkTarget } from "../../src/cluster/load-target.js";
import type { Io } from "../../src/io.js";
import { ROOT, runCli } from "../support/cli.js";

/** BUNDLE|NETWORK for the cluster commands: a bundle directory, its zip and its network file are one target. */
const io: Io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: ROOT };
const read = (argument: string) => loadTarget(argument, io, networkComposer({}, io, "test"));

describe("loadTarget", () => {
  const dir = mkdtempSync(join(tmpdir(), "lane7-load-target-"));
  const network = "examples/agentic-ai.yaml";
  let fromNetwork: NetworkTarget;

  beforeAll(async () => {
    const run = runCli(["compose", network, "-o", join(dir, "bundle"), "--zip", join(dir, "bundle.zip")]);
    if (run.code !== 0) throw new Error(run.stderr);
    fromNetwork = await read(network);
  });

  it("a network file: its model, and every manifest object, pods in deploy order, namespace first", () => {
    const { model, objects } = fromNetwork;
    expect(model.name).toBe("agentic-ai");
    const namespaces = objects
      .filter((object) => object.kind === "Namespace")
      .map((object) => object.metadata.name);
    expect(namespaces).toEqual(model.deployOrder.map((id) => `agentic-ai-${id}-ns`));
    expect(objects[0]?.kind).toBe("Namespace");
    expect(new Set(objects.map((object) => object.kind))).toEqual(
      new Set(["Namespace", "Secret", "ConfigMap", "Service", "NetworkPolicy", "Deployment"]),
    );
  });

  it("holds no secret value: a Secret is its apiVersion, kind and metadata", () => {
    for (const secret of fromNetwork.objects.filter((object) => object.kind === "Secret")) {
      expect(Object.keys(secret).sort()).toEqual(["apiVersion", "kind", "metadata"]);
    }
  });

  it("the bundle directory and its zip are the same target", async () => {
    for (const bundle of [join(dir, "bundle"), join(dir, "bundle.zip")]) {
      const target = await read(bundle);
      expect(target.source).toBe(bundle);
      expect({ model: target.model, objects: target.objects }).toEqual({
        model: fromNetwork.model,
        objects: fromNetwork.objects,
      });
    }
  });
});
