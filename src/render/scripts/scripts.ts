import type { BlueprintModel, PodModel } from "../../model/model.js";
import { finishingPods, pinholeEndpoint, podsInDeployOrder } from "../blueprint/topology.js";
import {
  certificateAuthorityNames,
  CERTIFICATE_AUTHORITY_FILE,
  CONTAINERS,
  localForwardPort,
  LEGACY_PINHOLE_TLS_DIR,
  pinholeClientCaSecretName,
  pinholeSecretNames,
  pinholeServiceName,
  pinholeTlsDirName,
  pinholeTlsSecretName,
} from "../conventions.js";
import type { BundleFile } from "../file.js";
import {
  CERT_MANAGER_CRDS,
  certManagerInstallHint,
  certManagerNamespaceMissing,
} from "../k8s/cert-manager-install.js";
import { networkSelector } from "../k8s/labels.js";
import { PLACEHOLDER_PREFIX } from "../k8s/placeholders.js";
import type { RenderOptions } from "../options.js";
import { renderTemplate } from "../text/engine.js";

/** deploy.sh, teardown.sh and pinhole-setup.sh at the bundle root. */
export function renderScripts(model: BlueprintModel, options: RenderOptions): BundleFile[] {
  const common = {
    version: options.lane7Version,
    name: model.name,
    title: model.title,
    clusterDomain: model.cluster.domain,
    lib: renderTemplate(options.templates, "scripts/lib.sh.hbs", {}),
    tlsDirName: pinholeTlsDirName(model),
  };
  const boundary = model.pods.filter((pod) => pod.pinhole);
  return [
    script(options, "deploy.sh", "scripts/deploy.sh.hbs", { ...common, ...deployContext(model, boundary) }),
    script(options, "teardown.sh", "scripts/teardown.sh.hbs", {
      ...common,
      certManager: teardownCertManager(model),
      leftovers: teardownLeftovers(model),
      namespaces: podsInDeployOrder(model)
        .reverse()
        .map((pod) => pod.namespace),
    }),
    boundary.length > 0
      ? script(options, "pinhole-setup.sh", "scripts/pinhole-setup.sh.hbs", {
          ...common,
          boundary: boundary.map(pinholeContext),
          legacyTlsDir: LEGACY_PINHOLE_TLS_DIR,
        })
      : script(options, "pinhole-setup.sh", "scripts/pinhole-setup-none.sh.hbs", common),
  ];
}

function script(options: RenderOptions, path: string, template: string, context: object): BundleFile {
  return { path, content: renderTemplate(options.templates, template, context), mode: 0o755 };
}

function deployContext(model: BlueprintModel, boundary: PodModel[]) {
  const security = model.security;
  return {
    certManager:
      security.profile === "wosp"
        ? null
        : {
            caFile: CERTIFICATE_AUTHORITY_FILE,
            namespace: security.certManagerNamespace,
            crds: CERT_MANAGER_CRDS,
            installHint: certManagerInstallHint(security.certManagerNamespace),
            namespaceMissing: certManagerNamespaceMissing(security.certManagerNamespace),
          },
    pods: podsInDeployOrder(model).map(({ id, namespace }) => ({ id, namespace })),
    pinholeSecrets: boundary.flatMap((pod) =>
      pinholeSecretNames(pod).map((secret) => `${pod.namespace}/${secret}`),
    ),
    placeholder: PLACEHOLDER_PREFIX,
    finishing: finishingPods(model).map(({ id, namespace }) => ({
      id,
      namespace,
      container: CONTAINERS.app,
    })),
  };
}

/** open-mtls: the certificate authority's objects, which teardown.sh deletes after the namespaces. */
function teardownCertManager(model: BlueprintModel) {
  if (model.security.profile === "wosp") return null;
  const names = certificateAuthorityNames(model);
  return {
    namespace: model.security.certManagerNamespace,
    caCertificate: names.caCertificate,
    caSecret: names.caSecret,
    clusterIssuers: [names.caIssuer, names.selfSignedIssuer],
  };
}

/** wosp: how teardown.sh finds what an open-mtls deployment of the same network left. */
function teardownLeftovers(model: BlueprintModel) {
  if (model.security.profile !== "wosp") return null;
  return { selector: networkSelector(model.name), crds: CERT_MANAGER_CRDS };
}

function pinholeContext(pod: PodModel, index: number) {
  if (!pod.pinhole) throw new Error(`pinholeContext: ${pod.id} has no pinhole`);
  return {
    id: pod.id,
    namespace: pod.namespace,
    service: pinholeServiceName(pod),
    port: pod.pinhole.port,
    localPort: localForwardPort(index),
    tier: pod.pinhole.tier,
    tlsSecret: pinholeTlsSecretName(pod),
    // An empty argument for tier 1: pinhole-setup.sh takes positional arguments.
    clientCaSecret: pod.pinhole.tier === 2 ? pinholeClientCaSecretName(pod) : "",
    ...pinholeEndpoint(pod),
  };
}
