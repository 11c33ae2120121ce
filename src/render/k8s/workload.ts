import type { BlueprintModel, PodModel } from "../../model/model.js";
import type { RenderOptions } from "../options.js";
import { renderEnvoyConfigMap } from "./config-map.js";
import { renderDeployment } from "./deployment.js";
import { renderNetworkPolicy } from "./network-policy.js";
import { renderServices } from "./service.js";
import type { ConfigMap, Deployment, NetworkPolicy, Service } from "./types.js";

export type WorkloadObject = ConfigMap | Service | NetworkPolicy | Deployment;

/**
 * The objects of 03-deployment.yaml in apply order: the config and the Services the Deployment's pod
 * relies on come first, so the pod starts with its config mounted and its name resolvable.
 */
export function renderWorkload(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
  envoyYaml: string,
): WorkloadObject[] {
  const envoyConfig = renderEnvoyConfigMap(model, pod, envoyYaml);
  return [
    envoyConfig,
    ...renderServices(model, pod),
    renderNetworkPolicy(model, pod),
    renderDeployment(model, pod, options, envoyConfig),
  ];
}
