import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { blueprintDocument, renderBlueprint } from "../../../src/render/blueprint/blueprint.js";
import { BlueprintSchema } from "../../../src/render/blueprint/schema.js";
import {
  CREDENTIALS,
  EXAMPLES,
  exampleModel,
  HOSTILE_TITLE,
  modelFromText,
  OPTIONS,
} from "../../support/models.js";
import { asOpenMtls, examples } from "../../support/findings.js";

/** How kubectl and other YAML 1.1 readers see the file: `on`, `no`, `y` are booleans unless quoted. */
function readAsYaml11(content: string): unknown {
  return parse(content, { version: "1.1" });
}

describe.each(EXAMPLES)("blueprint.yaml of %s", (name) => {
  const model = exampleModel(name);
  const file = renderBlueprint(model, OPTIONS);

  it("is blueprint.yaml, a plain file, read back as exactly the document lane7 built", () => {
    expect([file.path, file.mode]).toEqual(["blueprint.yaml", 0o644]);
    expect(readAsYaml11(file.content)).toEqual(blueprintDocument(model, OPTIONS));
  });

  it("is read back by the one schema that diff, run and the cluster commands read it with", () => {
    expect(BlueprintSchema.parse(readAsYaml11(file.content))).toEqual(blueprintDocument(model, OPTIONS));
  });

  it("lists every pod, edge and the deploy order of the model", () => {
    const document = blueprintDocument(model, OPTIONS);
    expect(document.pods.map((pod) => pod.id)).toEqual(model.pods.map((pod) => pod.id));
    expect(document.edges.map((edge) => `${edge.from}>${edge.to}`)).toEqual(
      model.edges.map((edge) => `${edge.from}>${edge.to}`),
    );
    expect(document.deployOrder).toEqual(model.deployOrder);
  });
});

describe("blueprint.yaml of agentic-ai", () => {
  const document = blueprintDocument(exampleModel("agentic-ai"), OPTIONS);
  const pod = (id: string) => document.pods.find((candidate) => candidate.id === id);

  it("identifies the format and its generator", () => {
    expect(document).toMatchObject({
      apiVersion: "lane7/v1",
      kind: "Blueprint",
      generator: { name: "lane7", version: "9.9.9-test" },
      network: { name: "agentic-ai", title: "Agentic AI Inference Pipeline" },
      mode: "armored-tunnel",
      chipsAlgorithm: "xtra4",
    });
  });

  it("gives each pod its names, ports, neighbours and posture", () => {
    expect(pod("ai-gateway")).toEqual({
      id: "ai-gateway",
      role: "initiator",
      protocol: "http",
      namespace: "agentic-ai-ai-gateway-ns",
      service: "ai-gateway.agentic-ai-ai-gateway-ns.svc.cluster.local",
      identity: "spiffe://cluster.local/lane7/agentic-ai/ai-gateway",
      exit: false,
      ports: {
        app: 8000,
        control: 8001,
        ingress: 18000,
        egress: { "ai-orchestrator": 18001 },
        pinhole: 19000,
      },
      upstream: [],
      downstream: ["ai-orchestrator"],
      pinhole: { tier: 2, port: 19000 },
      posture: { admits: [], reaches: ["ai-orchestrator"], boundary: "tier-2", authentication: "wosp" },
    });
    expect(pod("ai-orchestrator")?.ports.egress).toEqual({ "llm-gateway": 18001, "tool-executor": 18002 });
    expect(pod("nlp-processor")?.posture).toEqual({
      admits: ["llm-gateway", "tool-executor"],
      reaches: ["ai-results-sink"],
      boundary: "none",
      authentication: "wosp",
    });
    expect(pod("ai-results-sink")).toMatchObject({ exit: true, pinhole: { tier: 2, port: 19000 } });
    expect(document.edges[2]).toEqual({
      from: "ai-orchestrator",
      to: "tool-executor",
      protocol: "websocket",
      egressPort: 18002,
    });
  });

  it("keeps every pod's control endpoints off its ingress port", () => {
    const quad = blueprintDocument(exampleModel("quad-pod"), OPTIONS);
    for (const pod of quad.pods) expect(pod.ports, pod.id).toMatchObject({ app: 8000, control: 8001 });
  });
});

describe("blueprint.yaml of a network in the open-mtls profile", () => {
  const text = examples().find(({ file }) => file === "agentic-ai.yaml")?.text ?? "";
  const security = { certificateHours: 12, certManagerNamespace: "certs" };
  const model = modelFromText(
    "agentic-ai-open-mtls.yaml",
    asOpenMtls(text).replace(
      "  security:\n    profile: open-mtls\n",
      "  security:\n    profile: open-mtls\n    certificateHours: 12\n    certManagerNamespace: certs\n",
    ),
  );
  const document = BlueprintSchema.parse(readAsYaml11(renderBlueprint(model, OPTIONS).content));

  it("records the profile with its certificate lifetime and cert-manager namespace", () => {
    expect(document.security).toEqual({ profile: "open-mtls", ...security });
  });

  it("says every pod's sidecars authenticate each other by mutual TLS, the posture otherwise the same", () => {
    const wosp = blueprintDocument(exampleModel("agentic-ai"), OPTIONS);
    expect(document.pods.map((pod) => pod.posture)).toEqual(
      wosp.pods.map((pod) => ({ ...pod.posture, authentication: "mtls" })),
    );
  });
});

describe("blueprint.yaml", () => {
  it("keeps ids that YAML 1.1 takes for booleans as strings", () => {
    const model = modelFromText(
      "yaml11.yaml",
      `apiVersion: lane7/v1
kind: Network
metadata: { name: "no", title: "yes" }
spec:
  pods:
    - { id: "on", role: initiator }
    - { id: "y", role: relay }
    - { id: "off", role: terminator }
  edges:
    - { from: "on", to: "y" }
    - { from: "y", to: "off" }
`,
    );
    const read = readAsYaml11(renderBlueprint(model, OPTIONS).content);
    expect(read).toEqual(blueprintDocument(model, OPTIONS));
    expect(read).toMatchObject({
      network: { name: "no", title: "yes" },
      pods: [{ id: "on", ports: { egress: { y: 18001 } } }, { id: "y" }, { id: "off" }],
      deployOrder: ["off", "y", "on"],
    });
  });

  it("carries any title as data", () => {
    const model = { ...exampleModel("bi-pod"), title: HOSTILE_TITLE };
    expect(readAsYaml11(renderBlueprint(model, OPTIONS).content)).toMatchObject({
      network: { title: HOSTILE_TITLE },
    });
  });

  it("never holds a credential, and does not change when credentials are given", () => {
    const model = exampleModel("agentic-ai");
    const withCredentials = renderBlueprint(model, { ...OPTIONS, credentials: CREDENTIALS });
    expect(withCredentials).toEqual(renderBlueprint(model, OPTIONS));
    for (const secret of [CREDENTIALS.license, CREDENTIALS.apiToken, ...Object.values(CREDENTIALS.keys)]) {
      expect(withCredentials.content).not.toContain(secret);
    }
  });
});
