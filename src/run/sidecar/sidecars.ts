import type { BlueprintModel, PodModel, Route } from "../../model/model.js";
import type { EventSink } from "../events.js";
import type { Keyring } from "./crypto.js";
import { startEgress } from "./egress.js";
import { startIngress } from "./ingress.js";
import type { Listener } from "./listener.js";
import type { Endpoint } from "./session.js";

/** One pod's local sidecar: an ingress when it has upstream pods, an egress per declared downstream pod. */
export interface PodSidecar {
  ingress: Listener | null;
  /** By downstream pod id, in declaration order. */
  egress: Map<string, Listener>;
}

export interface Sidecars {
  byPod: Map<string, PodSidecar>;
  close(): Promise<void>;
}

/** How the sidecars of one security profile start a pod's listeners. */
export interface SidecarKind {
  /** The ingress of `pod`, delivering what it admits to `app`. */
  ingress(pod: PodModel, app: Endpoint, onEvent: EventSink): Promise<Listener>;
  /** The egress of `pod` for `route`, whose target's ingress is `peer`. */
  egress(pod: PodModel, route: Route, peer: Endpoint, onEvent: EventSink): Promise<Listener>;
}

/** The WoSP emulation: sessions keyed per declared edge, in the network's mode. */
export function wospSidecars(model: BlueprintModel, keyring: Keyring): SidecarKind {
  return {
    ingress: (pod, app, onEvent) =>
      startIngress({ pod: pod.id, upstream: pod.upstream, keyring, app, onEvent }),
    egress: (pod, route, peer, onEvent) => {
      const key = keyring.key(pod.id, route.pod);
      if (!key) throw new Error(`no key for the edge ${pod.id} → ${route.pod}`);
      return startEgress(model.mode, { from: pod.id, to: route.pod, peer, key, onEvent });
    },
  };
}

/**
 * Starts the sidecars of every pod: the ingresses first, so that each egress knows its peer's port. Only
 * declared edges get a listener; everything else finds nothing listening.
 */
export async function startSidecars(
  model: BlueprintModel,
  kind: SidecarKind,
  appPort: (pod: string) => number,
  onEvent: EventSink,
): Promise<Sidecars> {
  const listeners: Listener[] = [];
  const started = async (listener: Promise<Listener>) => {
    const ready = await listener;
    listeners.push(ready);
    return ready;
  };
  const close = async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
  };
  try {
    const byPod = new Map<string, PodSidecar>();
    for (const pod of model.pods) {
      const ingress =
        pod.upstream.length === 0
          ? null
          : await started(kind.ingress(pod, { port: appPort(pod.id) }, onEvent));
      byPod.set(pod.id, { ingress, egress: new Map() });
    }
    for (const pod of model.pods) {
      for (const route of pod.downstream) {
        const peer = byPod.get(route.pod)?.ingress;
        if (!peer) throw new Error(`no ingress for the edge ${pod.id} → ${route.pod}`);
        const egress = await started(kind.egress(pod, route, { port: peer.port }, onEvent));
        byPod.get(pod.id)?.egress.set(route.pod, egress);
      }
    }
    return { byPod, close };
  } catch (error) {
    await close();
    throw error;
  }
}
