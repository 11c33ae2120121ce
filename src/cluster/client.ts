/**
 * @kubernetes/client-node, loaded on first use: only the commands that talk to a cluster pay for it,
 * never `lane7 validate` or `compose`. The bundle keeps it external (scripts/bundle.mjs).
 */
export type ClientNode = typeof import("@kubernetes/client-node");

let loading: Promise<ClientNode> | undefined;

export function loadClientNode(): Promise<ClientNode> {
  loading ??= import("@kubernetes/client-node");
  return loading;
}
