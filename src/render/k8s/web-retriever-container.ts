import { CONTAINERS } from "../conventions.js";
import type { RenderOptions } from "../options.js";
import { resourcesFor } from "./resources.js";
import { containerSecurityContext } from "./security-context.js";
import { tmpMount } from "./volumes.js";
import type { Container } from "./types.js";

/**
 * The Web Retriever fetches the public dynamic elements the CHIPS algorithm seeds from. It needs none of
 * the WoSP credentials, so it gets none (least privilege). It has no documented listener or health
 * endpoint, so it has no probe: a guessed port would restart a healthy container, and a crash already
 * restarts it.
 */
export function webRetrieverContainer(options: RenderOptions): Container {
  return {
    name: CONTAINERS.webRetriever,
    image: options.images.webRetriever,
    imagePullPolicy: "IfNotPresent",
    resources: resourcesFor("webRetriever"),
    securityContext: containerSecurityContext(),
    volumeMounts: [tmpMount("webRetriever")],
  };
}
