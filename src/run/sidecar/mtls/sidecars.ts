import type { BlueprintModel, OpenMtlsSecurity, PodModel } from "../../../model/model.js";
import type { SidecarKind } from "../sidecars.js";
import { issueRunCertificates, type RunCertificates } from "./certificates.js";
import { startMtlsEgress } from "./egress.js";
import { startMtlsIngress } from "./ingress.js";
import type { PodTls } from "./pod-tls.js";

/** The open-mtls sidecars of a run, with certificates made for it. */
export async function openMtlsSidecars(
  model: BlueprintModel,
  security: OpenMtlsSecurity,
): Promise<SidecarKind> {
  return mtlsSidecars(model, await issueRunCertificates(model, security.certificateHours));
}

/**
 * Mutual TLS between the sidecars with `certificates`: each ingress admits its declared upstream pods'
 * identities, each egress accepts only its route's.
 */
export function mtlsSidecars(model: BlueprintModel, certificates: RunCertificates): SidecarKind {
  const identities = new Map(model.pods.map((pod) => [pod.id, pod.identity]));
  const tlsOf = (pod: PodModel): PodTls => {
    const credential = certificates.byPod.get(pod.id);
    if (!credential) throw new Error(`no certificate for ${pod.id}`);
    return { ca: certificates.authority.pem, credential, namesOf: certificates.namesOf };
  };
  return {
    ingress: (pod, app, onEvent) =>
      startMtlsIngress({
        pod: pod.id,
        upstream: new Set(pod.upstream.map((id) => identities.get(id) ?? id)),
        tls: tlsOf(pod),
        app,
        onEvent,
      }),
    egress: (pod, route, peer, onEvent) =>
      startMtlsEgress({ from: pod.id, route, peer, tls: tlsOf(pod), onEvent }),
  };
}
