import type { BlueprintModel } from "../../model/model.js";
import type { EventSink } from "../events.js";
import type { Keyring } from "./crypto.js";
import { startEgress } from "./egress.js";
import { startIngress } from "./ingress.js";
import type { Listener } from "./listener.js";

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

/**
 * Starts the sidecars of every pod: the ingresses first, so that each egress knows its peer's port. Only
 * declared edges get a listener; everything else finds nothing listening.
 */
export async function startSidecars(
  model: BlueprintModel,
  keyring: Keyring,
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
          : await started(
              startIngress({
                pod: pod.id,
                upstream: pod.upstream,
                keyring,
                app: { port: appPort(pod.id) },
                onEvent,
              }),
            );
      byPod.set(pod.id, { ingress, egress: new Map() });
    }
    for (const pod of model.pods) {
      for (const route of pod.downstream) {
        const peer = byPod.get(route.pod)?.ingress;
        const key = keyring.key(pod.id, route.pod);
        if (!peer || !key) throw new Error(`no ingress or key for the edge ${pod.id} → ${route.pod}`);
        const egress = await started(
          startEgress(model.mode, { from: pod.id, to: route.pod, peer: { port: peer.port }, key, onEvent }),
        );
        byPod.get(pod.id)?.egress.set(route.pod, egress);
      }
    }
    return { byPod, close };
  } catch (error) {
    await close();
    throw error;
  }
}
