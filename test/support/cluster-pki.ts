import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

/**
 * The credentials of the test cluster (test/support/cluster-setup.ts), written into its directory: a CA
 * and the API server's serving certificate for 127.0.0.1 (openssl), the service-account signing key
 * pair, and one static bearer token in the group system:masters, which kubectl and the controller
 * manager use. Everything lives for one test run, in a directory of its own.
 */
export interface ClusterPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
  tokenFile: string;
  token: string;
}

export function writeClusterPki(dir: string): ClusterPki {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=lane7-test-ca",
  );
  openssl("req", ...ec, "-keyout", "apiserver.key", "-out", "apiserver.csr", "-subj", "/CN=kube-apiserver");
  writeFileSync(
    path("apiserver.ext"),
    [
      "basicConstraints = critical, CA:FALSE",
      "keyUsage = critical, digitalSignature",
      "extendedKeyUsage = serverAuth",
      "subjectAltName = IP:127.0.0.1, DNS:localhost",
    ].join("\n"),
  );
  openssl(
    "x509",
    "-req",
    "-in",
    "apiserver.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-set_serial",
    "1",
    "-days",
    "2",
    "-extfile",
    "apiserver.ext",
    "-out",
    "apiserver.crt",
  );
  const serviceAccount = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  writeFileSync(path("sa.key"), serviceAccount.privateKey, { mode: 0o600 });
  writeFileSync(path("sa.pub"), serviceAccount.publicKey);
  const token = randomBytes(24).toString("hex");
  writeFileSync(path("tokens.csv"), `${token},lane7-test-admin,lane7-test-admin,"system:masters"\n`, {
    mode: 0o600,
  });
  return {
    caCert: path("ca.crt"),
    serverCert: path("apiserver.crt"),
    serverKey: path("apiserver.key"),
    serviceAccountKey: path("sa.key"),
    serviceAccountPublicKey: path("sa.pub"),
    tokenFile: path("tokens.csv"),
    token,
  };
}

export const CLUSTER_CONTEXT = "lane7-test";

/** A kubeconfig whose only (and current) context is the test cluster at `server`. */
export function writeKubeconfig(file: string, server: string, pki: ClusterPki): void {
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: CLUSTER_CONTEXT, cluster: { server, "certificate-authority": pki.caCert } }],
    users: [{ name: CLUSTER_CONTEXT, user: { token: pki.token } }],
    contexts: [{ name: CLUSTER_CONTEXT, context: { cluster: CLUSTER_CONTEXT, user: CLUSTER_CONTEXT } }],
    "current-context": CLUSTER_CONTEXT,
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
}
