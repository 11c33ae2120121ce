import { describe, expect, it } from "vitest";
import { CERT_MANAGER_VERSION } from "../../../src/render/k8s/cert-manager-install.js";
import { openMtlsModel } from "../../support/models.js";
import { run, writeBundle } from "./bundle.js";

/** deploy.sh and teardown.sh of the open-mtls profile: cert-manager first, the CA before any pod, after them. */
const model = openMtlsModel("agentic-ai");
const CRDS = ["certificates.cert-manager.io", "clusterissuers.cert-manager.io"];

describe("deploy.sh (open-mtls)", () => {
  it("checks cert-manager's CRDs and namespace, then applies the CA before any pod's manifest", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", ["--no-wait"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lookups = result.calls.filter((call) => call.startsWith("get "));
    expect(lookups.slice(0, 3)).toEqual([
      ...CRDS.map((crd) => `get customresourcedefinition ${crd} --ignore-not-found -o name`),
      "get namespace cert-manager --ignore-not-found -o name",
    ]);
    const applies = result.calls.filter((call) => call.startsWith("apply "));
    expect(applies[0]).toBe("apply -f certificate-authority.yaml");
    expect(applies.slice(1)).toEqual(
      ["01-namespace.yaml", "02-secrets.yaml", "03-deployment.yaml"].flatMap((file) =>
        model.deployOrder.map((pod) => `apply -f ${pod}/${file}`),
      ),
    );
  });

  it("has no credentials to check: a 02-secrets.yaml is not searched for placeholders", () => {
    const result = run(writeBundle(model, { placeholders: true }), "deploy.sh", ["--no-wait"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("without cert-manager's CRDs: exit 1, how to install it, and nothing applied", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", ["--yes"], {
      env: { FAKE_NO_CRDS: "1" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `deploy.sh: cert-manager is not installed on this cluster (no CRD ${CRDS.join(" ")})`,
    );
    expect(result.stderr).toContain(
      `  kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml\n`,
    );
    expect(result.stderr).toContain(
      `  helm install cert-manager jetstack/cert-manager --namespace cert-manager --create-namespace --version ${CERT_MANAGER_VERSION} --set crds.enabled=true\n`,
    );
    expect(result.calls.filter((call) => !call.startsWith("get customresourcedefinition "))).toEqual([]);
  });

  it("without cert-manager's namespace: exit 1, naming it, and nothing applied", () => {
    const result = run(writeBundle(model, { placeholders: false }), "deploy.sh", ["--yes"], {
      env: { FAKE_NO_NAMESPACE: "1" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("deploy.sh: namespace cert-manager (spec.security.certManagerNamespace)");
    expect(result.calls.filter((call) => call.startsWith("apply "))).toEqual([]);
  });
});

describe("teardown.sh (open-mtls)", () => {
  const ca = "agentic-ai-lane7-ca";
  const deletions = [
    `delete certificates.cert-manager.io ${ca} --namespace cert-manager --ignore-not-found`,
    `delete clusterissuers.cert-manager.io ${ca} agentic-ai-lane7-selfsigned --ignore-not-found`,
    `delete secret ${ca} --namespace cert-manager --ignore-not-found`,
  ];

  it("deletes the namespaces, then the CA's Certificate, ClusterIssuers and Secret", () => {
    const result = run(writeBundle(model, { placeholders: false }), "teardown.sh", ["--yes"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `and its certificate authority: ClusterIssuers ${ca} agentic-ai-lane7-selfsigned; Certificate cert-manager/${ca}, Secret cert-manager/${ca}\n`,
    );
    const namespaces = [...model.deployOrder]
      .reverse()
      .map((pod) => `delete namespace agentic-ai-${pod}-ns --ignore-not-found --wait --timeout 5m`);
    expect(result.calls.filter((call) => call.startsWith("delete "))).toEqual([...namespaces, ...deletions]);
  });

  it("with cert-manager gone, still deletes the CA's Secret", () => {
    const result = run(writeBundle(model, { placeholders: false }), "teardown.sh", ["--yes"], {
      env: { FAKE_NO_CRDS: "1" },
    });
    expect(result.status).toBe(0);
    expect(
      result.calls.filter((call) => call.startsWith("delete ") && !call.includes(" namespace ")),
    ).toEqual(deletions.slice(2));
  });
});
