import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { KubeConfig } from "@kubernetes/client-node";
import { terminalSafe } from "../control-characters.js";
import { errorMessage } from "../error-message.js";
import { UserError } from "../exit-codes.js";
import type { Input, Io } from "../io.js";
import { loadClientNode, type ClientNode } from "./client.js";

export { clusterError } from "./cluster-error.js";

export interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
}

export interface ClusterTarget {
  context: string;
  server: string;
  user: string;
}

export interface Cluster {
  config: KubeConfig;
  target: ClusterTarget;
}

/** Where a Pod's service account is mounted (in-cluster configuration). */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * kubectl's order: --kubeconfig, else KUBECONFIG from io.env (a ':'-separated list, merged as kubectl
 * merges: first file wins per name), else ~/.kube/config (HOME from io.env), else in-cluster
 * (KUBERNETES_SERVICE_HOST + the service-account files). --context NAME selects a context (unknown name
 * → UserError listing the contexts). No config found → UserError saying where it looked.
 */
export async function connect(options: ClusterOptions, io: Io): Promise<Cluster> {
  return connectWith(options, io, SERVICE_ACCOUNT_DIR);
}

/** connect(), with the service account's directory given (tests). */
export async function connectWith(
  options: ClusterOptions,
  io: Io,
  serviceAccountDir: string,
): Promise<Cluster> {
  const lib = await loadClientNode();
  const config = loadConfig(lib, options, io, serviceAccountDir);
  return { config, target: selectContext(config, options.context) };
}

function loadConfig(lib: ClientNode, options: ClusterOptions, io: Io, serviceAccountDir: string): KubeConfig {
  if (options.kubeconfig !== undefined) {
    const file = resolve(io.cwd, options.kubeconfig);
    if (!existsSync(file)) throw new UserError(`kubeconfig ${file}: no such file`);
    return readKubeconfig(lib, file);
  }
  const looked: string[] = [];
  const list = io.env.KUBECONFIG ?? "";
  if (list !== "") {
    // kubectl skips the files of the list that do not exist.
    const files = list
      .split(":")
      .filter((file) => file !== "")
      .map((file) => resolve(io.cwd, file));
    const found = files.filter((file) => existsSync(file));
    if (found.length > 0)
      return mergeKubeconfigs(
        lib,
        found.map((file) => readKubeconfig(lib, file)),
      );
    looked.push(`KUBECONFIG (${files.join(", ")})`);
  } else if (io.env.HOME !== undefined && io.env.HOME !== "") {
    const file = join(io.env.HOME, ".kube", "config");
    if (existsSync(file)) return readKubeconfig(lib, file);
    looked.push(file);
  } else {
    looked.push("~/.kube/config (HOME is not set)");
  }
  const inCluster = inClusterConfig(lib, io, serviceAccountDir);
  if (inCluster !== null) return inCluster;
  looked.push(`an in-cluster service account (KUBERNETES_SERVICE_HOST and ${serviceAccountDir}/token)`);
  throw new UserError(
    `no Kubernetes configuration found: looked in ${looked.join(", then ")}; give one with --kubeconfig FILE`,
  );
}

function readKubeconfig(lib: ClientNode, file: string): KubeConfig {
  const config = new lib.KubeConfig();
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw new UserError(`kubeconfig ${file}: ${errorMessage(error).split("\n")[0] ?? ""}`);
  }
  return config;
}

/** kubectl's merge of the KUBECONFIG list: the first file that names a cluster, user or context wins. */
function mergeKubeconfigs(lib: ClientNode, configs: KubeConfig[]): KubeConfig {
  if (configs.length === 1 && configs[0] !== undefined) return configs[0];
  const merged = new lib.KubeConfig();
  merged.loadFromOptions({
    clusters: firstPerName(configs.flatMap((config) => config.getClusters())),
    users: firstPerName(configs.flatMap((config) => config.getUsers())),
    contexts: firstPerName(configs.flatMap((config) => config.getContexts())),
    currentContext: configs.map((config) => config.getCurrentContext()).find((name) => Boolean(name)),
  });
  return merged;
}

function firstPerName<T extends { name: string }>(entries: T[]): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.name) && seen.add(entry.name));
}

/** The in-cluster configuration of a Pod's service account, or null outside a cluster. */
function inClusterConfig(lib: ClientNode, io: Io, serviceAccountDir: string): KubeConfig | null {
  const host = io.env.KUBERNETES_SERVICE_HOST;
  const tokenFile = join(serviceAccountDir, "token");
  if (host === undefined || host === "" || !existsSync(tokenFile)) return null;
  const port = io.env.KUBERNETES_SERVICE_PORT ?? "443";
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const config = new lib.KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: "in-cluster",
        server: `https://${hostPart}:${port}`,
        caFile: join(serviceAccountDir, "ca.crt"),
      },
    ],
    users: [{ name: "service-account", authProvider: { name: "tokenFile", config: { tokenFile } } }],
    contexts: [{ name: "in-cluster", cluster: "in-cluster", user: "service-account" }],
    currentContext: "in-cluster",
  });
  return config;
}

function selectContext(config: KubeConfig, wanted: string | undefined): ClusterTarget {
  const names = config.getContexts().map((context) => context.name);
  const known = names.length > 0 ? `the kubeconfig has ${names.join(", ")}` : "the kubeconfig has none";
  if (wanted !== undefined) {
    if (!names.includes(wanted)) throw new UserError(`no context named ${wanted}: ${known}`);
    config.setCurrentContext(wanted);
  }
  const name = config.getCurrentContext();
  const context = name ? config.getContextObject(name) : null;
  if (context === null) {
    throw new UserError(
      name
        ? `the current context ${name} is not defined: ${known}; choose one with --context NAME`
        : `the kubeconfig sets no current context: ${known}; choose one with --context NAME`,
    );
  }
  const cluster = config.getCluster(context.cluster);
  if (cluster === null) {
    throw new UserError(
      `context ${name} names the cluster ${context.cluster}, which the kubeconfig does not define`,
    );
  }
  return { context: name, server: cluster.server, user: context.user };
}

/** Prints "context X, server Y, user Z" to stderr; on a terminal (io.stdin TTY) asks "<question> [y/N]" unless yes; returns false when declined. */
export async function confirmTarget(
  target: ClusterTarget,
  question: string,
  yes: boolean,
  io: Io,
): Promise<boolean> {
  const safe = (text: string) => terminalSafe(text, { oneLine: true });
  io.stderr.write(
    `context ${safe(target.context)}, server ${safe(target.server)}, user ${safe(target.user)}\n`,
  );
  if (yes || io.stdin?.isTTY !== true) return true;
  io.stderr.write(`${question} [y/N] `);
  const answer = await readLine(io.stdin);
  return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
}

/** One line of `input`, or null at its end. */
function readLine(input: Input): Promise<string | null> {
  return new Promise((resolveLine) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once("line", (line) => {
      answered = true;
      lines.close();
      resolveLine(line);
    });
    lines.once("close", () => {
      if (!answered) resolveLine(null);
    });
  });
}
