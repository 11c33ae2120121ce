import type { CONTAINERS } from "../conventions.js";
import type { ResourceRequirements } from "./types.js";

export type ContainerKey = keyof typeof CONTAINERS;

/**
 * Requests and limits for each container: a starting point sized for the stub app and an Envoy with one
 * WASM filter, so a runaway container is throttled or restarted instead of starving its node.
 */
const SIZES: Record<ContainerKey, { request: [string, string]; limit: [string, string] }> = {
  app: { request: ["50m", "64Mi"], limit: ["500m", "256Mi"] },
  wosp: { request: ["100m", "128Mi"], limit: ["1", "512Mi"] },
  webRetriever: { request: ["25m", "32Mi"], limit: ["250m", "128Mi"] },
  envoy: { request: ["100m", "64Mi"], limit: ["1", "256Mi"] },
};

export function resourcesFor(container: ContainerKey): ResourceRequirements {
  const { request, limit } = SIZES[container];
  return {
    requests: { cpu: request[0], memory: request[1] },
    limits: { cpu: limit[0], memory: limit[1] },
  };
}
