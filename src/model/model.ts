import type { Mode, Protocol, Role } from "../spec/constants.js";

/**
 * The resolved network: everything every renderer needs, computed once by `resolve()`. Renderers read
 * only this (never the raw description), so naming and port rules live in one place.
 */
export interface BlueprintModel {
  /** metadata.name: a DNS-1035 label. */
  name: string;
  /** metadata.title, or the name when there is none. */
  title: string;
  /** How the sidecars prove their identity; `mode` and `chipsAlgorithm` mean something in `wosp` only. */
  security: SecurityModel;
  /** The WoSP mode (armored-tunnel in the open-mtls profile, where nothing reads it). */
  mode: Mode;
  chipsAlgorithm: "xtra4" | "xtra7";
  /** In declaration order. */
  pods: PodModel[];
  /** In declaration order. */
  edges: EdgeModel[];
  /** Pod ids in the order deploy.sh applies them: downstream pods before the pods that send to them. */
  deployOrder: string[];
  cluster: ClusterModel;
  /** What every initiator sends by itself after start-up. */
  autoTrigger: { count: number; intervalSeconds: number };
}

/** spec.security with its defaults filled in. */
export type SecurityModel = { profile: "wosp" } | OpenMtlsSecurity;

export interface OpenMtlsSecurity {
  profile: "open-mtls";
  /** Lifetime of a workload certificate; cert-manager renews it a third of that before expiry. */
  certificateHours: number;
  /** cert-manager's cluster resource namespace: where the network's CA Certificate and Secret live. */
  certManagerNamespace: string;
}

/** spec.cluster with its defaults filled in. */
export interface ClusterModel {
  domain: string;
  dns: { namespace: string; port: number; cidrs: string[] };
  /** Where sidecars may open HTTPS connections; null: anywhere. */
  outboundHttps: string[] | null;
}

export interface PodModel {
  id: string;
  role: Role;
  /** What this pod listens on. */
  protocol: Protocol;
  /** `<network>-<id>-ns`. */
  namespace: string;
  /** `<id>.<namespace>.svc.<cluster domain>`: where upstream sidecars reach this pod's sidecar on 18000. */
  host: string;
  pinhole: Pinhole | null;
  /**
   * The pod's workload identity, `spiffe://<cluster domain>/lane7/<network>/<pod id>`: the URI SAN of its
   * certificate in the open-mtls profile, which peers' sidecars admit or verify exactly.
   */
  identity: string;
  /** Pods that send to this one, in edge declaration order: exactly who its ingress admits. */
  upstream: string[];
  /** Where this pod sends, in edge declaration order, each on its own egress port. */
  downstream: Route[];
  /** A terminator, or an aggregator without downstream: where tasks leave the network (serves /output). */
  isExit: boolean;
}

export interface Pinhole {
  tier: 1 | 2;
  port: number;
}

/** One declared edge as seen from its sending pod. */
export interface Route {
  /** The receiving pod's id. */
  pod: string;
  namespace: string;
  host: string;
  /** The receiving pod's workload identity, which the sender's sidecar verifies (open-mtls). */
  identity: string;
  /** The receiving pod's protocol: an edge carries the protocol of its target. */
  protocol: Protocol;
  /** The localhost port (18001, 18002, …) on which the sender's app reaches this route through its sidecar. */
  egressPort: number;
}

export interface EdgeModel {
  from: string;
  to: string;
  protocol: Protocol;
  egressPort: number;
}
