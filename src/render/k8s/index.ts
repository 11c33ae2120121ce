/** The per-pod Kubernetes manifests: 01-namespace.yaml, 02-secrets.yaml, 03-deployment.yaml. */
export { renderPodManifests, renderCertificateAuthorityFile, MANIFEST_FILES } from "./manifests.js";
export { renderCertificateAuthority, renderWorkloadCertificate } from "./certificates.js";
export type * from "./cert-manager-types.js";
export { renderNamespace, POD_SECURITY_LABELS } from "./namespace.js";
export { renderSecrets, WOSP_SECRET_KEYS } from "./secrets.js";
export { PLACEHOLDER_PREFIX, placeholderFor, containsPlaceholder } from "./placeholders.js";
export { renderWorkload, type WorkloadObject } from "./workload.js";
export { renderDeployment, ENVOY_CONFIG_HASH_ANNOTATION } from "./deployment.js";
export { renderServices } from "./service.js";
export { renderNetworkPolicy } from "./network-policy.js";
export type * from "./types.js";
