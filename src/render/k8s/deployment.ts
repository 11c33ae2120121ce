import { createHash } from "node:crypto";
import type { BlueprintModel, PodModel } from "../../model/model.js";
import { CONTAINERS } from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { appContainer } from "./app-container.js";
import { checkovSkipAnnotations } from "./checkov-skips.js";
import { podLabels, podObjectMeta, selectorLabels } from "./labels.js";
import { podSecurityContext } from "./security-context.js";
import { sidecarContainer } from "./sidecar-container.js";
import { podVolumes } from "./volumes.js";
import { webRetrieverContainer } from "./web-retriever-container.js";
import type { Deployment } from "./types.js";

/**
 * A ConfigMap change alone does not restart the pod; the hash of the Envoy config in the pod template
 * does, so `kubectl apply` of a recomposed bundle rolls the sidecar onto its new config.
 */
export const ENVOY_CONFIG_HASH_ANNOTATION = "lane7.dev/envoy-config-sha256";
/** `kubectl logs deployment/<pod>` shows the app (and its trail) without `-c`. */
const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";
const TERMINATION_GRACE_SECONDS = 30;

export function renderDeployment(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
  envoyYaml: string,
): Deployment {
  const pullSecrets = options.imagePullSecret ? [{ name: options.imagePullSecret.name }] : undefined;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { ...podObjectMeta(model, pod, pod.id), annotations: checkovSkipAnnotations(model.security) },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(model.name, pod.id) },
      // The new pod is ready before the old one goes: a sender never finds the route without a listener.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: podLabels(model, pod),
          annotations: {
            [DEFAULT_CONTAINER_ANNOTATION]: CONTAINERS.app,
            [ENVOY_CONFIG_HASH_ANNOTATION]: createHash("sha256").update(envoyYaml).digest("hex"),
          },
        },
        spec: {
          automountServiceAccountToken: false,
          // No Service environment variables: the app's wiring is exactly APP_ENV, whatever else runs.
          enableServiceLinks: false,
          securityContext: podSecurityContext(),
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          ...(pullSecrets && { imagePullSecrets: pullSecrets }),
          containers: [
            appContainer(model, pod, options),
            sidecarContainer(pod, options),
            webRetrieverContainer(options),
          ],
          volumes: podVolumes(pod),
        },
      },
    },
  };
}
