import type { BlueprintModel, PodModel } from "../../model/model.js";
import type { BundleFile } from "../file.js";
import type { RenderOptions } from "../options.js";
import { toYaml, toYamlDocuments } from "../yaml.js";
import { CERTIFICATE_AUTHORITY_FILE } from "../conventions.js";
import { renderCertificateAuthority } from "./certificates.js";
import { renderNamespace } from "./namespace.js";
import { renderSecrets } from "./secrets.js";
import { renderWorkload } from "./workload.js";

export const MANIFEST_FILES = {
  namespace: "01-namespace.yaml",
  secrets: "02-secrets.yaml",
  workload: "03-deployment.yaml",
} as const;

/** A pod's three manifest files, under `<pod.id>/`. Only the secrets file holds secret values (0600). */
export function renderPodManifests(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
  envoyYaml: string,
): BundleFile[] {
  const path = (file: string): string => `${pod.id}/${file}`;
  return [
    { path: path(MANIFEST_FILES.namespace), content: toYaml(renderNamespace(model, pod)), mode: 0o644 },
    {
      path: path(MANIFEST_FILES.secrets),
      content: toYamlDocuments(renderSecrets(model, pod, options)),
      mode: 0o600,
    },
    {
      path: path(MANIFEST_FILES.workload),
      content: toYamlDocuments(renderWorkload(model, pod, options, envoyYaml)),
      mode: 0o644,
    },
  ];
}

/** open-mtls: the network's certificate authority (certificates.ts), at the bundle root; none in wosp. */
export function renderCertificateAuthorityFile(model: BlueprintModel): BundleFile[] {
  if (model.security.profile === "wosp") return [];
  return [
    {
      path: CERTIFICATE_AUTHORITY_FILE,
      content: toYamlDocuments(renderCertificateAuthority(model, model.security)),
      mode: 0o644,
    },
  ];
}
