import type { BlueprintModel, Pinhole, PodModel } from "../../model/model.js";
import { SIDECAR_INGRESS_PORT } from "../../spec/constants.js";
import { pinholeServiceName } from "../conventions.js";
import { podObjectMeta, selectorLabels } from "./labels.js";
import { portNames } from "./ports.js";
import type { Service } from "./types.js";

/**
 * The Services of a pod: the in-cluster one upstream sidecars reach on 18000 (only when the pod has
 * upstream pods: no sender, no listener, no Service), then the pinhole one on boundary pods.
 */
export function renderServices(model: BlueprintModel, pod: PodModel): Service[] {
  const services: Service[] = [];
  if (pod.upstream.length > 0) services.push(ingressService(model, pod));
  if (pod.pinhole) services.push(pinholeService(model, pod, pod.pinhole));
  return services;
}

function ingressService(model: BlueprintModel, pod: PodModel): Service {
  const { ingress } = portNames(model);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: podObjectMeta(model, pod, pod.id),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(model.name, pod.id),
      ports: [{ name: ingress, protocol: "TCP", port: SIDECAR_INGRESS_PORT, targetPort: ingress }],
    },
  };
}

/**
 * External callers enter here, from outside the cluster, so the Service is a LoadBalancer: the one type
 * that gives them an address on every provider without an Ingress controller (which would terminate the
 * pinhole's TLS, and for tier 2 its client-certificate check, outside the pod). `Local` traffic policy
 * keeps the caller's source address visible to the sidecar and skips the extra node hop.
 */
function pinholeService(model: BlueprintModel, pod: PodModel, pinhole: Pinhole): Service {
  const name = portNames(model).pinhole;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: podObjectMeta(model, pod, pinholeServiceName(pod)),
    spec: {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      selector: selectorLabels(model.name, pod.id),
      ports: [{ name, protocol: "TCP", port: pinhole.port, targetPort: name }],
    },
  };
}
