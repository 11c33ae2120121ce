import { existsSync } from "node:fs";
import { SECURITY_DEFAULTS } from "../../src/spec/constants.js";
import { CERT_MANAGER_CRDS } from "./cluster.js";
import { realTool } from "./real-tools.js";

/**
 * cert-manager's own CRDs, fetched by scripts/install/50-cert-manager-crds.sh: the test cluster
 * (cluster-setup.ts) serves them, with cert-manager's namespace, whenever they are there. Tests of the
 * open-mtls profile on the cluster gate on this (skipped locally without them, failed in CI).
 */
export const certManagerCrds = realTool(
  "cert-manager's CRDs (.tools/cert-manager/crds/)",
  existsSync(CERT_MANAGER_CRDS) ? CERT_MANAGER_CRDS : null,
);

export const CERT_MANAGER_NAMESPACE = SECURITY_DEFAULTS.certManagerNamespace;
