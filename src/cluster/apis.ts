import type {
  AppsV1Api,
  Configuration,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Middleware,
} from "@kubernetes/client-node";
import { loadClientNode, type ClientNode } from "./client.js";
import { retryingHttpLibrary } from "./retry.js";

/** The API clients lane7's cluster commands use, all of one kubeconfig's context. */
export interface ClusterApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  objects: KubernetesObjectApi;
}

export async function clusterApis(config: KubeConfig): Promise<ClusterApis> {
  const k8s = await loadClientNode();
  const configuration = apiConfiguration(k8s, config);
  return {
    core: new k8s.CoreV1Api(configuration),
    apps: new k8s.AppsV1Api(configuration),
    // No default namespace taken from the context: every namespaced object lane7 reads names its own.
    objects: new k8s.KubernetesObjectApi(configuration),
  };
}

/**
 * What config.makeApiClient configures (the current context's server, authenticated by the kubeconfig),
 * with requests the server asks to send again sent again (retryingHttpLibrary), and `middleware`.
 */
export function apiConfiguration(
  k8s: ClientNode,
  config: KubeConfig,
  middleware: Middleware[] = [],
): Configuration {
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw new Error("the kubeconfig has no current cluster");
  return k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: config },
    httpApi: retryingHttpLibrary(k8s),
    promiseMiddleware: middleware,
  });
}

/** The HTTP status of a failed API call, when it got an answer. */
export function statusCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "number" ? error.code : undefined;
}

/** Calls a cluster command makes to the API server at once (reads, dry runs), so a large network does not flood it. */
export const PARALLEL_API_CALLS = 8;
