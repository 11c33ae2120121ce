import type { BlueprintModel, PodModel } from "../../model/model.js";
import { woSPSecretName } from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { podObjectMeta } from "./labels.js";
import { placeholderFor } from "./placeholders.js";
import type { Certificate } from "./cert-manager-types.js";
import { renderWorkloadCertificate } from "./certificates.js";
import type { Secret } from "./types.js";

/** The keys of the WoSP Secret; the sidecar reads them as environment variables (envFrom). */
export const WOSP_SECRET_KEYS = {
  license: "HOPR_LICENSE",
  key: "HOPR_KEY",
  chipsAlgorithm: "CHIPS_ALGORITHM",
  apiToken: "HOPR_API_TOKEN",
} as const;

/**
 * The pod's identity material, then the image-pull Secret when one is configured: in the wosp profile
 * the WoSP credentials Secret; in open-mtls the cert-manager Certificate that fills the pod's TLS Secret
 * (no credential of lane7's in the file at all).
 */
export function renderSecrets(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
): (Secret | Certificate)[] {
  const pull = options.imagePullSecret;
  const pullSecret: Secret[] = pull
    ? [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: podObjectMeta(model, pod, pull.name),
          type: "kubernetes.io/dockerconfigjson",
          stringData: { ".dockerconfigjson": pull.dockerConfigJson },
        },
      ]
    : [];
  const identity =
    model.security.profile === "wosp"
      ? woSPSecret(model, pod, options)
      : renderWorkloadCertificate(model, model.security, pod);
  return [identity, ...pullSecret];
}

/**
 * A missing value (no credentials at all, or no HOPR_KEY for this pod) becomes a placeholder rather than
 * an error: the bundle still composes for review, and deploy.sh refuses it until the value is filled in.
 */
function woSPSecret(model: BlueprintModel, pod: PodModel, options: RenderOptions): Secret {
  const credentials = options.credentials;
  const value = (key: string, given: string | undefined): string => given ?? placeholderFor(key);
  // Own keys only: a pod named `constructor` must not read Object.prototype.constructor.
  const podKey =
    credentials && Object.hasOwn(credentials.keys, pod.id) ? credentials.keys[pod.id] : undefined;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: podObjectMeta(model, pod, woSPSecretName(pod)),
    type: "Opaque",
    stringData: {
      [WOSP_SECRET_KEYS.license]: value(WOSP_SECRET_KEYS.license, credentials?.license),
      [WOSP_SECRET_KEYS.key]: value(WOSP_SECRET_KEYS.key, podKey),
      [WOSP_SECRET_KEYS.chipsAlgorithm]: model.chipsAlgorithm,
      [WOSP_SECRET_KEYS.apiToken]: value(WOSP_SECRET_KEYS.apiToken, credentials?.apiToken),
    },
  };
}
