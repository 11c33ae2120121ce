import {
  APP_CONTROL_PORT,
  APP_PORT,
  ENVOY_ADMIN_PORT,
  EGRESS_PORT_LAST,
  SIDECAR_HEALTH_PORT,
  SIDECAR_INGRESS_PORT,
} from "../../spec/constants.js";
import { podPath, type Rule } from "../rule.js";

/** `pinhole-port`: a pinhole port is unprivileged and clear of the ports the pod itself uses. */
export const pinholePortRule: Rule = {
  id: "pinhole-port",
  graph: false,
  check({ pods }, report) {
    for (const { index, pod } of pods) {
      const port = pod.pinhole?.port;
      if (port === undefined) continue;
      const problem = portProblem(port);
      if (!problem) continue;
      report(
        podPath(index, "pinhole", "port"),
        `pinhole port ${port} ${problem}`,
        "use a port in 1024-65535 other than 8000, 8001, 9901, 9902 and 18000-18999, or leave `port` out for 19000",
      );
    }
  },
};

function portProblem(port: number): string | undefined {
  if (port < 1024 || port > 65535) return "is outside 1024-65535";
  if (port === APP_PORT) return "is the app's ingress port";
  if (port === APP_CONTROL_PORT) return "is the app's control port";
  if (port === ENVOY_ADMIN_PORT) return "is the sidecar's admin port";
  if (port === SIDECAR_HEALTH_PORT) return "is the sidecar's health port";
  if (port >= SIDECAR_INGRESS_PORT && port <= EGRESS_PORT_LAST)
    return "is in 18000-18999, reserved for the sidecar";
  return undefined;
}
