import { describe, expect, test } from "vitest";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { renderCertificateAuthorityFile, renderPodManifests } from "../../../src/render/k8s/index.js";
import type { RenderOptions } from "../../../src/render/options.js";
import { kubernetesSchemaErrors } from "../../support/k8s-schema.js";
import { restrictedViolations } from "../../support/pod-security.js";
import { documentsOf, ENVOY_YAML, YAML11_NETWORK } from "./fixtures.js";
import { exampleModels, modelFromText, openMtlsModels } from "../../support/models.js";
import type { Deployment, Namespace } from "../../../src/render/k8s/types.js";

const DEFAULTS = defaultRenderOptions("0.0.0-test");
const CONFIGURED: RenderOptions = {
  ...DEFAULTS,
  credentials: { license: "lic", apiToken: "tok", keys: { any: "key" } },
  imagePullSecret: { name: "registry-pull", dockerConfigJson: '{"auths":{}}' },
};
const NETWORKS = [
  ...exampleModels(),
  ["yaml-1.1-ids", modelFromText("yaml-1.1-ids", YAML11_NETWORK)] as const,
  ...openMtlsModels().map(([file, model]) => [`${file} (open-mtls)`, model] as const),
];
/**
 * cert-manager's objects (open-mtls) have no schema here: test/cluster applies them to an API server that
 * serves cert-manager's own CRDs, with strict field validation.
 */
const CERT_MANAGER = /^cert-manager\.io\//;
const certManagerKind = (document: unknown) =>
  CERT_MANAGER.test(String((document as { apiVersion?: unknown }).apiVersion));

describe.each(NETWORKS)("%s", (_file, model) => {
  const outputs = (options: RenderOptions) => [
    ...model.pods.flatMap((pod) => renderPodManifests(model, pod, options, ENVOY_YAML)),
    ...renderCertificateAuthorityFile(model),
  ];

  test.each([
    ["default options", DEFAULTS],
    ["credentials and an image-pull secret", CONFIGURED],
  ])("every object validates against the Kubernetes schema, with %s", (_name, options) => {
    for (const file of outputs(options)) {
      for (const [index, document] of documentsOf(file.content).entries()) {
        if (certManagerKind(document)) continue;
        expect(kubernetesSchemaErrors(document), `${file.path} document ${index}`).toEqual([]);
      }
    }
  });

  test("the only objects left to the API server's cert-manager CRDs are the open-mtls CA and certificates", () => {
    const kinds = outputs(DEFAULTS)
      .flatMap((file) => documentsOf(file.content))
      .filter(certManagerKind)
      .map((document) => (document as { kind?: string }).kind);
    const expected =
      model.security.profile === "wosp"
        ? []
        : ["ClusterIssuer", "Certificate", "ClusterIssuer", ...model.pods.map(() => "Certificate")];
    expect(kinds.sort()).toEqual(expected.sort());
  });

  test("every pod passes the restricted Pod Security Standard its namespace enforces", () => {
    const files = outputs(CONFIGURED);
    const deployments = files
      .flatMap((file) => documentsOf(file.content))
      .filter((document): document is Deployment => (document as { kind?: string }).kind === "Deployment");
    expect(deployments).toHaveLength(model.pods.length);
    for (const deployment of deployments) {
      const template = deployment.spec?.template;
      expect(template, deployment.metadata?.name).toBeDefined();
      if (template) expect(restrictedViolations(template), deployment.metadata?.name).toEqual([]);
    }
    const namespaces = files
      .filter((file) => file.path.endsWith("/01-namespace.yaml"))
      .map((file) => documentsOf(file.content)[0] as Namespace);
    for (const namespace of namespaces) {
      expect(namespace.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    }
  });
});
