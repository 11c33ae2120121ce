import type { BlueprintModel, PodModel } from "../../model/model.js";
import { ENVOY_CONFIG_KEY, envoyConfigMapName } from "../conventions.js";
import { podObjectMeta } from "./labels.js";
import type { ConfigMap } from "./types.js";

/** The sidecar's Envoy bootstrap, rendered elsewhere and carried here verbatim. */
export function renderEnvoyConfigMap(model: BlueprintModel, pod: PodModel, envoyYaml: string): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: podObjectMeta(model, pod, envoyConfigMapName(pod)),
    data: { [ENVOY_CONFIG_KEY]: envoyYaml },
  };
}
