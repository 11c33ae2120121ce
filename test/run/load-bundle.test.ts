import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { renderBlueprint } from "../../src/render/blueprint/blueprint.js";
import { UserError } from "../../src/exit-codes.js";
import { blueprintModel } from "../../src/run/load-bundle.js";
import { TOO_DEEP_FOR_THE_PARSER } from "../support/deep-yaml.js";
import { exampleModel, modelFromText, openMtlsModel, OPTIONS } from "../support/models.js";

describe("the model read back from blueprint.yaml", () => {
  it("has the security profile and identities the bundle was composed with", () => {
    const tuned = modelFromText(
      "n.yaml",
      `apiVersion: lane7/v1
kind: Network
metadata: { name: n }
spec:
  security: { profile: open-mtls, certificateHours: 6, certManagerNamespace: certs }
  pods: [{ id: a, role: initiator }, { id: b, role: terminator }]
  edges: [{ from: a, to: b }]
`,
    );
    for (const model of [exampleModel("agentic-ai"), openMtlsModel("agentic-ai"), tuned]) {
      const read = blueprintModel(renderBlueprint(model, OPTIONS).content, "blueprint.yaml");
      expect(read.security).toEqual(model.security);
      expect(read.pods.map((pod) => pod.identity)).toEqual(model.pods.map((pod) => pod.identity));
      expect(read.pods.flatMap((pod) => pod.downstream.map((route) => route.identity))).toEqual(
        model.pods.flatMap((pod) => pod.downstream.map((route) => route.identity)),
      );
    }
  });

  it("reads a blueprint of an earlier release, without security or identities, as wosp", () => {
    const model = exampleModel("bi-pod");
    const document = parseDocument(renderBlueprint(model, OPTIONS).content);
    document.delete("security");
    for (const index of model.pods.keys()) document.deleteIn(["pods", index, "identity"]);
    const read = blueprintModel(document.toString(), "blueprint.yaml");
    expect(read.security).toEqual({ profile: "wosp" });
    expect(read.pods.map((pod) => pod.identity)).toEqual(model.pods.map((pod) => pod.identity));
  });

  it.each([
    ["malformed YAML", "pods: [1\n", /^shop\/blueprint\.yaml: not YAML: /],
    [
      "YAML nesting too deep for the parser's stack",
      TOO_DEEP_FOR_THE_PARSER,
      /^shop\/blueprint\.yaml: its YAML nests too deep to read/,
    ],
  ])("refuses %s as the user's error, naming the file", (_, text, message) => {
    const read = () => blueprintModel(text, "shop/blueprint.yaml");
    expect(read).toThrow(UserError);
    expect(read).toThrow(message);
  });
});
