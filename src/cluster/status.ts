import { clusterApis } from "./apis.js";
import { readCertificates, type CertificatesReport } from "./cert-manager.js";
import { clusterError, type Cluster, type ClusterTarget } from "./connect.js";
import { findDrift, type Drift } from "./drift.js";
import type { NetworkTarget } from "./load-target.js";
import { readPodStates } from "./pod-state.js";
import { summarize, type PodSummary } from "./pod-summary.js";
import { readTasks, type TaskReport } from "./tasks.js";

/** `lane7 status`: the network's pods on the cluster, the tasks its exits completed, and drift from the bundle. */
export interface NetworkStatus {
  network: string;
  target: ClusterTarget;
  /** Every pod rolled out. */
  ready: boolean;
  pods: PodSummary[];
  tasks: TaskReport;
  drift: Drift[];
  /** open-mtls: the network's Certificates (or the CRDs cert-manager lacks); null in wosp. */
  certificates: CertificatesReport | null;
}

export async function readNetworkStatus(cluster: Cluster, network: NetworkTarget): Promise<NetworkStatus> {
  const { model } = network;
  try {
    const apis = await clusterApis(cluster.config);
    const states = await readPodStates(apis, model);
    const pods = states.map(summarize);
    const [tasks, drift, certificates] = await Promise.all([
      readTasks(apis, model, states, (error, doing) => clusterError(error, cluster.target, doing).message),
      findDrift(apis, network.objects, states),
      readCertificates(cluster.config, model),
    ]);
    return {
      network: model.name,
      target: cluster.target,
      ready: pods.every((pod) => pod.ready),
      pods,
      tasks,
      drift,
      certificates,
    };
  } catch (error) {
    throw clusterError(error, cluster.target, `reading the state of network ${model.name}`);
  }
}
