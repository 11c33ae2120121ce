import type { BlueprintModel, PodModel } from "../../model/model.js";
import { APP_CONTROL_PORT, APP_PORT } from "../../spec/constants.js";
import { APP_ENV, APP_RUNTIME_DEFAULTS, LOOPBACK } from "../conventions.js";
import type { EnvVar } from "./types.js";

/** The wiring app.py reads (APP_ENV); values are strings, as environment variables are. */
export function appEnv(model: BlueprintModel, pod: PodModel): EnvVar[] {
  const env: [string, string][] = [
    [APP_ENV.podId, pod.id],
    [APP_ENV.network, model.name],
    [APP_ENV.appHost, LOOPBACK],
    [APP_ENV.appPort, String(APP_PORT)],
    [APP_ENV.controlPort, String(APP_CONTROL_PORT)],
    [APP_ENV.egressHost, LOOPBACK],
    [APP_ENV.egressPortMap, egressPortMap(pod)],
    [APP_ENV.ingressCount, String(pod.upstream.length)],
  ];
  if (pod.role === "initiator") {
    env.push([APP_ENV.autoTriggerCount, String(model.autoTrigger.count)]);
    env.push([APP_ENV.autoTriggerInterval, String(model.autoTrigger.intervalSeconds)]);
    env.push([APP_ENV.autoTriggerDelay, String(APP_RUNTIME_DEFAULTS.autoTriggerDelay)]);
  }
  if (pod.role === "aggregator")
    env.push([APP_ENV.aggregateTimeout, String(APP_RUNTIME_DEFAULTS.aggregateTimeout)]);
  return env.map(([name, value]) => ({ name, value }));
}

/**
 * {"<pod>": <egress port>, …} in declaration order. Pod ids start with a letter, so no key is
 * integer-like and JSON keeps insertion order.
 */
function egressPortMap(pod: PodModel): string {
  return JSON.stringify(Object.fromEntries(pod.downstream.map((route) => [route.pod, route.egressPort])));
}
