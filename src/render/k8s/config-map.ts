import type { BlueprintModel, PodModel } from "../../model/model.js";
import { ENVOY_CONFIG_KEY, envoyConfigMapName } from "../conventions.js";
import { sdsFileYamls } from "../envoy/sds.js";
import { podObjectMeta } from "./labels.js";
import type { ConfigMap } from "./types.js";

/**
 * The sidecar's Envoy bootstrap, rendered elsewhere and carried here verbatim; in open-mtls, beside it, the
 * SDS files it reads its certificate and the network CA from.
 */
export function renderEnvoyConfigMap(model: BlueprintModel, pod: PodModel, envoyYaml: string): ConfigMap {
  const sds = model.security.profile === "open-mtls" ? sdsFileYamls() : {};
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: podObjectMeta(model, pod, envoyConfigMapName(pod)),
    data: { [ENVOY_CONFIG_KEY]: envoyYaml, ...sds },
  };
}
