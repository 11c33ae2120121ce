import type { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { loadClientNode } from "./client.js";

/** The API clients lane7's cluster commands use, all of one kubeconfig's context. */
export interface ClusterApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  objects: KubernetesObjectApi;
}

export async function clusterApis(config: KubeConfig): Promise<ClusterApis> {
  const k8s = await loadClientNode();
  return {
    core: config.makeApiClient(k8s.CoreV1Api),
    apps: config.makeApiClient(k8s.AppsV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(config),
  };
}

/** The HTTP status of a failed API call, when it got an answer. */
export function statusCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "number" ? error.code : undefined;
}

/** Calls a cluster command makes to the API server at once (reads, dry runs), so a large network does not flood it. */
export const PARALLEL_API_CALLS = 8;
