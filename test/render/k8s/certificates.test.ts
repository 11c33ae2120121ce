import { describe, expect, it } from "vitest";
import type { OpenMtlsSecurity } from "../../../src/model/model.js";
import { renderCertificateAuthority, renderWorkloadCertificate } from "../../../src/render/k8s/index.js";
import { modelFromText, openMtlsModel } from "../../support/models.js";

const model = openMtlsModel("agentic-ai");
const security = model.security as OpenMtlsSecurity;

describe("the network's certificate authority", () => {
  const [selfSigned, ca, caIssuer] = renderCertificateAuthority(model, security);

  it("is self-signed → CA Certificate in cert-manager's namespace → CA ClusterIssuer reading its Secret", () => {
    expect(selfSigned).toMatchObject({ kind: "ClusterIssuer", spec: { selfSigned: {} } });
    expect(ca.metadata).toMatchObject({ name: "agentic-ai-lane7-ca", namespace: "cert-manager" });
    expect(ca.spec).toMatchObject({
      isCA: true,
      secretName: "agentic-ai-lane7-ca",
      issuerRef: { kind: "ClusterIssuer", name: selfSigned.metadata.name },
    });
    expect(caIssuer).toMatchObject({
      kind: "ClusterIssuer",
      metadata: { name: "agentic-ai-lane7-ca" },
      spec: { ca: { secretName: ca.spec.secretName } },
    });
    expect(selfSigned.metadata.namespace).toBeUndefined();
    expect(caIssuer.metadata.namespace).toBeUndefined();
  });

  it("keeps the CA where spec.security.certManagerNamespace says", () => {
    const text = `apiVersion: lane7/v1
kind: Network
metadata: { name: n }
spec:
  security: { profile: open-mtls, certManagerNamespace: certs, certificateHours: 6 }
  pods: [{ id: a, role: initiator }, { id: b, role: terminator }]
  edges: [{ from: a, to: b }]
`;
    const tuned = modelFromText("n.yaml", text);
    const tunedSecurity = tuned.security as OpenMtlsSecurity;
    expect(renderCertificateAuthority(tuned, tunedSecurity)[1].metadata.namespace).toBe("certs");
    const [a] = tuned.pods;
    if (!a) throw new Error("no pod");
    expect(renderWorkloadCertificate(tuned, tunedSecurity, a).spec).toMatchObject({
      duration: "6h",
      renewBefore: "120m",
    });
  });
});

describe("a pod's workload certificate", () => {
  it("names the pod's identity (URI SAN) and Service host, for both ends of mutual TLS, from the CA issuer", () => {
    for (const pod of model.pods) {
      const certificate = renderWorkloadCertificate(model, security, pod);
      expect(certificate.metadata).toMatchObject({ name: `${pod.id}-workload`, namespace: pod.namespace });
      expect(certificate.spec).toMatchObject({
        secretName: `${pod.id}-workload-tls`,
        uris: [`spiffe://cluster.local/lane7/agentic-ai/${pod.id}`],
        dnsNames: [pod.host],
        usages: ["server auth", "client auth", "digital signature"],
        duration: "24h",
        renewBefore: "480m",
        issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "agentic-ai-lane7-ca" },
      });
      expect(certificate.spec.isCA).toBeUndefined();
    }
  });
});
