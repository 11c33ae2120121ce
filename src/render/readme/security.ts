import type { BlueprintModel, OpenMtlsSecurity } from "../../model/model.js";
import { workloadIdentityOf } from "../../model/names.js";
import type { RenderOptions } from "../options.js";
import {
  certificateAuthorityNames,
  CERTIFICATE_AUTHORITY_FILE,
  workloadTlsSecretName,
} from "../conventions.js";

/** What the README says of the open-mtls profile: the workload certificates and the network's CA. */
export function openMtlsContext(model: BlueprintModel, options: RenderOptions) {
  if (model.security.profile !== "open-mtls") return null;
  const { certificateHours, certManagerNamespace } = model.security;
  const authority = certificateAuthorityNames(model);
  const example = model.pods[0];
  if (example === undefined) throw new Error("openMtlsContext: a network without pods");
  return {
    hours: certificateHours,
    renewal: renewBefore(model.security),
    identity: workloadIdentityOf(model.name, "<pod id>", model.cluster.domain),
    namespace: certManagerNamespace,
    file: CERTIFICATE_AUTHORITY_FILE,
    selfSignedIssuer: authority.selfSignedIssuer,
    caCertificate: authority.caCertificate,
    caSecret: authority.caSecret,
    caIssuer: authority.caIssuer,
    example: { id: example.id, secret: workloadTlsSecretName(example) },
    /** Whether the secrets files hold a registry credential: the only secret value this profile writes. */
    pullSecret: options.imagePullSecret !== null,
  };
}

/** cert-manager renews a workload certificate a third of its lifetime before it expires: `8 h`, `20 min`. */
function renewBefore({ certificateHours }: OpenMtlsSecurity): string {
  const minutes = Math.round((certificateHours * 60) / 3);
  const [hours, rest] = [Math.floor(minutes / 60), minutes % 60];
  return [hours > 0 ? `${hours} h` : "", rest > 0 ? `${rest} min` : ""].filter(Boolean).join(" ");
}
