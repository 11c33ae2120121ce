import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolve } from "../../src/model/resolve.js";
import type { BlueprintModel } from "../../src/model/model.js";
import type { NetworkDescription } from "../../src/spec/network.js";
import { networkArbitrary } from "../support/arbitrary-network.js";
import { examples, validate } from "../support/findings.js";

function exampleModel(file: string): BlueprintModel {
  const example = examples().find((candidate) => candidate.file === file);
  if (!example) throw new Error(`no example ${file}`);
  const result = validate(example.text, file);
  if (!result.ok) throw new Error(`${file} is not valid`);
  return resolve(result.network);
}

function pod(model: BlueprintModel, id: string) {
  const found = model.pods.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no pod ${id}`);
  return found;
}

/** For every edge not into an initiator, the target is deployed before the sender. */
function expectDownstreamFirst(model: BlueprintModel): void {
  const position = new Map(model.deployOrder.map((id, i) => [id, i]));
  const roles = new Map(model.pods.map(({ id, role }) => [id, role]));
  for (const edge of model.edges) {
    if (roles.get(edge.to) === "initiator") continue;
    expect(position.get(edge.to)).toBeLessThan(position.get(edge.from) ?? -1);
  }
}

describe("resolve on the examples", () => {
  it("agentic-ai: names, hosts, routes, ports and exits", () => {
    const model = exampleModel("agentic-ai.yaml");
    expect(model).toMatchObject({
      name: "agentic-ai",
      title: "Agentic AI Inference Pipeline",
      mode: "armored-tunnel",
    });
    expect(model.chipsAlgorithm).toBe("xtra4");
    expect(model.security).toEqual({ profile: "wosp" });
    const orchestrator = pod(model, "ai-orchestrator");
    expect(orchestrator.namespace).toBe("agentic-ai-ai-orchestrator-ns");
    expect(orchestrator.host).toBe("ai-orchestrator.agentic-ai-ai-orchestrator-ns.svc.cluster.local");
    expect(orchestrator.upstream).toEqual(["ai-gateway"]);
    expect(orchestrator.downstream).toEqual([
      {
        pod: "llm-gateway",
        namespace: "agentic-ai-llm-gateway-ns",
        host: "llm-gateway.agentic-ai-llm-gateway-ns.svc.cluster.local",
        identity: "spiffe://cluster.local/lane7/agentic-ai/llm-gateway",
        protocol: "websocket",
        egressPort: 18001,
      },
      {
        pod: "tool-executor",
        namespace: "agentic-ai-tool-executor-ns",
        host: "tool-executor.agentic-ai-tool-executor-ns.svc.cluster.local",
        identity: "spiffe://cluster.local/lane7/agentic-ai/tool-executor",
        protocol: "websocket",
        egressPort: 18002,
      },
    ]);
    expect(pod(model, "nlp-processor").upstream).toEqual(["llm-gateway", "tool-executor"]);
    expect(pod(model, "llm-gateway").downstream.map((route) => route.egressPort)).toEqual([18001]);
    expect(pod(model, "ai-gateway").pinhole).toEqual({ tier: 2, port: 19000 });
    expect(pod(model, "ai-orchestrator").pinhole).toBeNull();
    expect(model.pods.filter((candidate) => candidate.isExit).map(({ id }) => id)).toEqual([
      "ai-results-sink",
    ]);
    expect(model.edges[1]).toEqual({
      from: "ai-orchestrator",
      to: "llm-gateway",
      protocol: "websocket",
      egressPort: 18001,
    });
    expect(model.deployOrder).toEqual([
      "ai-results-sink",
      "nlp-processor",
      "tool-executor",
      "llm-gateway",
      "ai-orchestrator",
      "ai-gateway",
    ]);
  });

  it("bi-pod: the edge back into the initiator does not block the deploy order", () => {
    const model = exampleModel("bi-pod.yaml");
    expect(model.deployOrder).toEqual(["pod-2", "pod-1"]);
    expect(pod(model, "pod-1").upstream).toEqual(["pod-2"]);
    expect(pod(model, "pod-2").downstream).toMatchObject([
      { pod: "pod-1", egressPort: 18001, protocol: "http" },
    ]);
    expect(model.pods.some((candidate) => candidate.isExit)).toBe(false);
  });

  it("quad-pod: an aggregator without downstream is an exit; protocols default to http", () => {
    const model = exampleModel("quad-pod.yaml");
    expect(pod(model, "merger")).toMatchObject({
      isExit: true,
      protocol: "http",
      pinhole: { tier: 1, port: 19000 },
    });
    expect(
      pod(model, "ingest").downstream.map(({ pod: id, protocol, egressPort }) => [id, protocol, egressPort]),
    ).toEqual([
      ["grpc-worker", "grpc", 18001],
      ["stream-worker", "websocket", 18002],
    ]);
  });

  it("tri-pod-fan-in: the aggregator forwards nothing, keeps its pinhole port", () => {
    const model = exampleModel("tri-pod-fan-in.yaml");
    expect(pod(model, "collector")).toMatchObject({ isExit: true, pinhole: { tier: 2, port: 19443 } });
    expect(pod(model, "collector").upstream).toEqual(["source", "enricher"]);
    expect(model.deployOrder).toEqual(["collector", "enricher", "source"]);
  });

  it("tri-pod-fan-out: armored-car uses xtra7", () => {
    const model = exampleModel("tri-pod-fan-out.yaml");
    expect(model.mode).toBe("armored-car");
    expect(model.chipsAlgorithm).toBe("xtra7");
    expect(model.pods.filter(({ isExit }) => isExit).map(({ id }) => id)).toEqual(["worker-a", "worker-b"]);
  });

  it.each(examples().map(({ file }) => file))("%s deploys downstream first", (file) => {
    expectDownstreamFirst(exampleModel(file));
  });

  it("defaults: mode armored-tunnel, title = name", () => {
    const network: NetworkDescription = {
      apiVersion: "lane7/v1",
      kind: "Network",
      metadata: { name: "n" },
      spec: {
        pods: [
          { id: "a", role: "initiator" },
          { id: "b", role: "terminator" },
        ],
        edges: [{ from: "a", to: "b" }],
      },
    };
    expect(resolve(network)).toMatchObject({ title: "n", mode: "armored-tunnel", chipsAlgorithm: "xtra4" });
  });

  it("open-mtls: defaults for the certificates; identities name the network, the pod and the cluster domain", () => {
    const network: NetworkDescription = {
      apiVersion: "lane7/v1",
      kind: "Network",
      metadata: { name: "n" },
      spec: {
        security: { profile: "open-mtls" },
        cluster: { domain: "corp.example" },
        pods: [
          { id: "a", role: "initiator" },
          { id: "b", role: "terminator" },
        ],
        edges: [{ from: "a", to: "b" }],
      },
    };
    const model = resolve(network);
    expect(model.security).toEqual({
      profile: "open-mtls",
      certificateHours: 24,
      certManagerNamespace: "cert-manager",
    });
    expect(model.pods.map((p) => p.identity)).toEqual([
      "spiffe://corp.example/lane7/n/a",
      "spiffe://corp.example/lane7/n/b",
    ]);
    expect(pod(model, "a").downstream[0]?.identity).toBe("spiffe://corp.example/lane7/n/b");
    const tuned = resolve({
      ...network,
      spec: {
        ...network.spec,
        security: { profile: "open-mtls", certificateHours: 6, certManagerNamespace: "cm" },
      },
    });
    expect(tuned.security).toEqual({ profile: "open-mtls", certificateHours: 6, certManagerNamespace: "cm" });
  });
});

describe("resolve on generated networks", () => {
  const RUNS = { seed: 0x1a7e7, numRuns: 200 };

  it("egress ports are unique per pod and contiguous from 18001, in edge declaration order", () => {
    fc.assert(
      fc.property(networkArbitrary(), (network) => {
        const model = resolve(network);
        for (const candidate of model.pods) {
          expect(candidate.downstream.map(({ egressPort }) => egressPort)).toEqual(
            candidate.downstream.map((_, i) => 18001 + i),
          );
          const declared = network.spec.edges.filter(({ from }) => from === candidate.id).map(({ to }) => to);
          expect(candidate.downstream.map((route) => route.pod)).toEqual(declared);
        }
        for (const edge of model.edges) {
          const route = pod(model, edge.from).downstream.find((candidate) => candidate.pod === edge.to);
          expect(route?.egressPort).toBe(edge.egressPort);
          expect(edge.protocol).toBe(pod(model, edge.to).protocol);
        }
      }),
      RUNS,
    );
  });

  it("upstream and downstream are mirror images", () => {
    fc.assert(
      fc.property(networkArbitrary(), (network) => {
        const model = resolve(network);
        const down = model.pods.flatMap(({ id, downstream }) =>
          downstream.map((route) => `${id}>${route.pod}`),
        );
        const up = model.pods.flatMap(({ id, upstream }) => upstream.map((from) => `${from}>${id}`));
        expect([...up].sort()).toEqual([...down].sort());
        expect(down).toHaveLength(network.spec.edges.length);
      }),
      RUNS,
    );
  });

  it("deployOrder is a permutation of the pods, downstream first", () => {
    fc.assert(
      fc.property(networkArbitrary(), (network) => {
        const model = resolve(network);
        expect([...model.deployOrder].sort()).toEqual(network.spec.pods.map(({ id }) => id).sort());
        expectDownstreamFirst(model);
      }),
      RUNS,
    );
  });
});
