import type { BlueprintModel, PodModel } from "../../model/model.js";
import { APP_CONTROL_PORT } from "../../spec/constants.js";
import { CONTAINERS, LOOPBACK } from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { appEnv } from "./app-env.js";
import { resourcesFor } from "./resources.js";
import { containerSecurityContext } from "./security-context.js";
import { tmpMount } from "./volumes.js";
import type { Container, Probe } from "./types.js";

/**
 * The application. It binds 127.0.0.1 only, so it declares no container port, and the kubelet (which
 * probes from the node) cannot reach it over HTTP: its probes run inside the container instead.
 */
export function appContainer(model: BlueprintModel, pod: PodModel, options: RenderOptions): Container {
  const probe = healthProbe(APP_CONTROL_PORT);
  return {
    name: CONTAINERS.app,
    image: options.images.app.replaceAll("{network}", model.name).replaceAll("{pod}", pod.id),
    imagePullPolicy: "IfNotPresent",
    env: appEnv(model, pod),
    readinessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { ...probe, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
    resources: resourcesFor("app"),
    securityContext: containerSecurityContext(),
    volumeMounts: [tmpMount("app")],
  };
}

/** GET /healthz with the image's own python3; http.client ignores proxy variables, unlike urllib. */
function healthProbe(port: number): Probe {
  const script = [
    "import http.client, sys",
    `c = http.client.HTTPConnection("${LOOPBACK}", ${port}, timeout=2)`,
    'c.request("GET", "/healthz")',
    "sys.exit(0 if c.getresponse().status == 200 else 1)",
  ].join("; ");
  return { exec: { command: ["python3", "-c", script] }, timeoutSeconds: 3 };
}
