import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";
import { realTool, TOOLS_DIR } from "./real-tools.js";

/**
 * What the cluster tests (test/cluster/) get from the API server that test/support/cluster-setup.ts
 * runs for the whole test run, and how they talk to it: the kubectl built with it.
 */
export interface ClusterInfo {
  /** A kubeconfig whose current context is the test cluster's administrator. */
  kubeconfig: string;
  /** Where etcd, kube-apiserver, kube-controller-manager and kubectl are. */
  bin: string;
  /** The daemons' logs (kept when a test fails). */
  logs: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    cluster: ClusterInfo | null;
  }
}

export const KUBERNETES_BIN = join(TOOLS_DIR, "kubernetes/bin");
export const KUBERNETES_TOOLS = ["etcd", "kube-apiserver", "kube-controller-manager", "kubectl"] as const;
/** cert-manager's CRDs (scripts/install/50-cert-manager-crds.sh): the test cluster serves them when present. */
export const CERT_MANAGER_CRDS = join(TOOLS_DIR, "cert-manager/crds");

/** The test cluster, or null (the group skips) when its binaries are not built. */
export function testCluster(): ClusterInfo | null {
  return realTool("a Kubernetes API server (.tools/kubernetes/bin/)", inject("cluster"));
}

/** The environment a user's shell would have: the built kubectl first on PATH, KUBECONFIG set. */
export function clusterEnv(cluster: ClusterInfo): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${cluster.bin}:${process.env.PATH ?? ""}`,
    KUBECONFIG: cluster.kubeconfig,
    // kubectl's discovery cache, per run rather than in the home directory.
    KUBECACHEDIR: join(cluster.logs, "kubectl-cache"),
  };
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` to its end, without a shell, feeding it `input`. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => {
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

export function kubectl(
  cluster: ClusterInfo,
  args: readonly string[],
  input?: string,
): Promise<CommandResult> {
  return runCommand(join(cluster.bin, "kubectl"), args, { env: clusterEnv(cluster), input });
}

/** `kubectl get … -o json`, parsed; fails the test when kubectl does. */
export async function getJson<T>(cluster: ClusterInfo, args: readonly string[]): Promise<T> {
  const result = await kubectl(cluster, ["get", ...args, "-o", "json"]);
  if (result.status !== 0) throw new Error(`kubectl get ${args.join(" ")}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The lines of kubectl's stderr that relay a warning of the API server. */
export function serverWarnings(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("Warning:"));
}

/** Polls `probe` every 250 ms until it returns a value, for at most `timeoutMs`; fails with `what`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
