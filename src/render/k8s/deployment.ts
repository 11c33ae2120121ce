import { createHash } from "node:crypto";
import type { BlueprintModel, PodModel } from "../../model/model.js";
import { CONTAINERS, ENVOY_CONFIG_KEY } from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { appContainer } from "./app-container.js";
import { checkovSkipAnnotations } from "./checkov-skips.js";
import { envoyContainer } from "./envoy-container.js";
import { podLabels, podObjectMeta, selectorLabels } from "./labels.js";
import { podSecurityContext } from "./security-context.js";
import { sidecarContainer } from "./sidecar-container.js";
import { podVolumes } from "./volumes.js";
import { webRetrieverContainer } from "./web-retriever-container.js";
import type { ConfigMap, Container, Deployment } from "./types.js";

/**
 * A ConfigMap change alone does not restart the pod; the hash of the Envoy ConfigMap in the pod template
 * does, so `kubectl apply` of a recomposed bundle rolls the sidecar onto its new config.
 */
export const ENVOY_CONFIG_HASH_ANNOTATION = "lane7.dev/envoy-config-sha256";
/** `kubectl logs deployment/<pod>` shows the app (and its trail) without `-c`. */
const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";
const TERMINATION_GRACE_SECONDS = 30;

/** The Deployment of the pod whose sidecar mounts `envoyConfig` (the pod's Envoy ConfigMap). */
export function renderDeployment(
  model: BlueprintModel,
  pod: PodModel,
  options: RenderOptions,
  envoyConfig: ConfigMap,
): Deployment {
  const pullSecrets = options.imagePullSecret ? [{ name: options.imagePullSecret.name }] : undefined;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { ...podObjectMeta(model, pod, pod.id), annotations: checkovSkipAnnotations(model) },
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
            [ENVOY_CONFIG_HASH_ANNOTATION]: configHash(envoyConfig),
          },
        },
        spec: {
          automountServiceAccountToken: false,
          // No Service environment variables: the app's wiring is exactly APP_ENV, whatever else runs.
          enableServiceLinks: false,
          securityContext: podSecurityContext(),
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          ...(pullSecrets && { imagePullSecrets: pullSecrets }),
          containers: podContainers(model, pod, options),
          volumes: podVolumes(model, pod),
        },
      },
    },
  };
}

/** The app and the profile's sidecar: WoSP with its Web Retriever, or upstream Envoy (open-mtls). */
function podContainers(model: BlueprintModel, pod: PodModel, options: RenderOptions): Container[] {
  const app = appContainer(model, pod, options);
  if (model.security.profile === "open-mtls") return [app, envoyContainer(model, pod, options)];
  return [app, sidecarContainer(model, pod, options), webRetrieverContainer(options)];
}

/**
 * sha256 over every file of the ConfigMap: the bootstrap, then each other file (the open-mtls SDS files)
 * by name, so that a change to any of them rolls the pod. A ConfigMap of the bootstrap alone (wosp) hashes
 * as the bootstrap does: those pods keep their hash, and do not roll when lane7 is upgraded.
 */
function configHash(configMap: ConfigMap): string {
  const files = configMap.data ?? {};
  const hash = createHash("sha256").update(files[ENVOY_CONFIG_KEY] ?? "");
  const others = Object.keys(files)
    .filter((key) => key !== ENVOY_CONFIG_KEY)
    .sort();
  // JSON escapes NUL, so no bootstrap or file can run into the next file's record.
  for (const key of others) hash.update(`\0${JSON.stringify([key, files[key]])}`);
  return hash.digest("hex");
}
