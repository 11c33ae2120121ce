/** Naming conventions of a lane7 blueprint (PRODUCT.md): one namespace per pod, reached through cluster DNS. */
export function namespaceOf(network: string, podId: string): string {
  return `${network}-${podId}-ns`;
}

export function serviceHostOf(podId: string, namespace: string): string {
  return `${podId}.${namespace}.svc.cluster.local`;
}
