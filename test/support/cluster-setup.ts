import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { SECURITY_DEFAULTS } from "../../src/spec/constants.js";
import {
  CERT_MANAGER_CRDS,
  clusterEnv,
  KUBERNETES_BIN,
  KUBERNETES_TOOLS,
  runCommand,
  type ClusterInfo,
} from "./cluster.js";
import { writeClusterPki, writeKubeconfig, type ClusterPki } from "./cluster-pki.js";
import { freePort } from "../render/app/harness.js";
import { launch, stopAll, waitFor, type Daemon } from "./cluster-processes.js";

/**
 * vitest globalSetup of the cluster tests: etcd, kube-apiserver and kube-controller-manager (built by
 * scripts/install/20-kubernetes.sh) on 127.0.0.1, for the whole run. There is no kubelet and no
 * scheduler: the controller manager turns Deployments into ReplicaSets and Pods (which admission, Pod
 * Security included, judges) and finalizes deleted namespaces, and the Pods stay Pending. With
 * cert-manager's CRDs fetched (scripts/install/50-cert-manager-crds.sh) it serves them too. Without the
 * binaries it provides `cluster: null`, and the tests skip or fail through realTool().
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!KUBERNETES_TOOLS.every((tool) => existsSync(join(KUBERNETES_BIN, tool)))) {
    project.provide("cluster", null);
    return () => Promise.resolve();
  }
  const dir = mkdtempSync(join(tmpdir(), "lane7-cluster-"));
  const started = Date.now();
  const cluster = await startWithRetries(dir);
  console.log(`test cluster: ready in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${dir}`);
  project.provide("cluster", cluster.info);
  // Should vitest exit without tearing down (an interrupted run), the daemons go with it.
  const kill = () => {
    for (const daemon of cluster.daemons) daemon.child.kill("SIGKILL");
  };
  process.once("exit", kill);
  return async () => {
    process.off("exit", kill);
    await stopAll([...cluster.daemons].reverse());
    if (project.vitest.state.getFailedFilepaths().length === 0) rmSync(dir, { recursive: true, force: true });
    else console.log(`test cluster: logs kept in ${dir}`);
  };
}

interface Cluster {
  info: ClusterInfo;
  daemons: Daemon[];
}

/** A port taken between choosing it and binding it is the one failure a retry cures. */
async function startWithRetries(dir: string): Promise<Cluster> {
  for (let attempt = 1; ; attempt++) {
    const attemptDir = join(dir, `attempt-${attempt}`);
    mkdirSync(attemptDir);
    const daemons: Daemon[] = [];
    try {
      return { info: await start(attemptDir, daemons), daemons };
    } catch (error) {
      await stopAll([...daemons].reverse());
      if (attempt === 3) throw new Error(`the test cluster did not start (logs in ${dir}): ${String(error)}`);
    }
  }
}

async function start(dir: string, daemons: Daemon[]): Promise<ClusterInfo> {
  const pki = writeClusterPki(dir);
  const [etcdPort, apiPort] = [await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = join(dir, "kubeconfig");
  writeKubeconfig(kubeconfig, server, pki);

  const run = (name: string, flags: string[]) =>
    daemons.push(launch(dir, name, join(KUBERNETES_BIN, name), flags));

  run("etcd", etcdFlags(dir, etcdUrl));
  await waitFor("etcd /health", () => httpOk(`${etcdUrl}/health`), daemons, 20_000);
  run("kube-apiserver", apiServerFlags(pki, etcdUrl, apiPort));
  await waitFor("kube-apiserver /readyz", () => apiOk(server, pki, "/readyz"), daemons, 60_000);
  run("kube-controller-manager", controllerManagerFlags(pki, kubeconfig));
  // The service-account controller gives every namespace its `default` account, without which the
  // ServiceAccount admission plugin turns Pods away: once it is there, the controllers are running.
  const defaultAccount = "/api/v1/namespaces/default/serviceaccounts/default";
  await waitFor("kube-controller-manager", () => apiOk(server, pki, defaultAccount), daemons, 30_000);
  const info = { kubeconfig, bin: KUBERNETES_BIN, logs: dir };
  if (existsSync(CERT_MANAGER_CRDS)) await installCertManager(info);
  return info;
}

/**
 * cert-manager as a cluster has it once installed, less its controllers (nothing issues certificates
 * here): its CRDs, served once Established, and its namespace, where the open-mtls CA Certificate goes.
 * kubectl runs with a discovery cache of its own, so the tests' kubectl discovers the new kinds afresh.
 */
async function installCertManager(info: ClusterInfo): Promise<void> {
  const env = { ...clusterEnv(info), KUBECACHEDIR: join(info.logs, "setup-kubectl-cache") };
  const steps = [
    ["apply", "--server-side", "--field-manager=lane7-test-setup", "-f", CERT_MANAGER_CRDS],
    ["wait", "--for=condition=Established", "--timeout=60s", "-f", CERT_MANAGER_CRDS],
    ["create", "namespace", SECURITY_DEFAULTS.certManagerNamespace],
  ];
  for (const args of steps) {
    const result = await runCommand(join(info.bin, "kubectl"), args, { env });
    if (result.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  }
}

function etcdFlags(dir: string, url: string): string[] {
  return [
    `--data-dir=${join(dir, "etcd")}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    // One member, no peers: an ephemeral peer port that nothing connects to.
    "--listen-peer-urls=http://127.0.0.1:0",
    "--unsafe-no-fsync",
    "--log-level=warn",
  ];
}

function apiServerFlags(pki: ClusterPki, etcdUrl: string, port: number): string[] {
  return [
    `--etcd-servers=${etcdUrl}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    // A loopback address cannot be the `kubernetes` Service's endpoint, and nothing here needs one.
    "--endpoint-reconciler-type=none",
    `--secure-port=${port}`,
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--token-auth-file=${pki.tokenFile}`,
    "--authorization-mode=Node,RBAC",
    "--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,PodSecurity,NodeRestriction",
    // Privileged containers are allowed cluster-wide, so that Pod Security, per namespace, is what
    // refuses them in the bundles' restricted namespaces.
    "--allow-privileged=true",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${pki.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    "--service-cluster-ip-range=10.96.0.0/16",
    "--profiling=false",
  ];
}

function controllerManagerFlags(pki: ClusterPki, kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    "--leader-elect=false",
    // No HTTPS endpoint of its own, so no delegated authentication to set up.
    "--secure-port=0",
    `--root-ca-file=${pki.caCert}`,
    `--service-account-private-key-file=${pki.serviceAccountKey}`,
    "--concurrent-namespace-syncs=20",
    "--profiling=false",
  ];
}

function httpOk(url: string): Promise<boolean> {
  return fetch(url).then((response) => response.ok);
}

/** Whether GET `path` on the API server answers 200, as the test cluster's administrator. */
function apiOk(server: string, pki: ClusterPki, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${server}${path}`,
      { ca: readFileSync(pki.caCert), headers: { Authorization: `Bearer ${pki.token}` }, timeout: 2_000 },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    call.on("timeout", () => call.destroy(new Error("timeout")));
    call.on("error", reject);
    call.end();
  });
}
