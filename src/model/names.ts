/** Naming conventions of a lane7 blueprint (README.md, "Network format"): one namespace per pod, reached through cluster DNS. */
export function namespaceOf(network: string, podId: string): string {
  return `${network}-${podId}-ns`;
}

export function serviceHostOf(podId: string, namespace: string, clusterDomain: string): string {
  return `${podId}.${namespace}.svc.${clusterDomain}`;
}

/** The LoadBalancer Service of a boundary pod: a DNS-1035 label like every Service name, so at most 63. */
export function pinholeServiceNameOf(podId: string): string {
  return `${podId}-pinhole`;
}

/** A pod's SPIFFE-style workload identity: it names the network and the pod, so no two pods share one. */
export function workloadIdentityOf(network: string, podId: string, clusterDomain: string): string {
  return `spiffe://${clusterDomain}/lane7/${network}/${podId}`;
}
