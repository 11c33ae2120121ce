import { LOOPBACK } from "../conventions.js";
import type { BlueprintModel, PodModel, Route } from "../../model/model.js";
import { APP_CONTROL_PORT, APP_PORT, SIDECAR_INGRESS_PORT, type Protocol } from "../../spec/constants.js";
import { CONNECT_TIMEOUT, isOpenMtls, isTunnel, socketAddress } from "./core.js";
import { routeTlsSocket } from "./mtls.js";
import { CLUSTER, routeClusterName } from "./names.js";
import { TYPE_URL, type Cluster } from "./types.js";

/** The app's data port, where the ingress delivers what the declared upstream pods send. */
export function localAppCluster(model: BlueprintModel, pod: PodModel): Cluster {
  return cluster(CLUSTER.localApp, "STATIC", LOOPBACK, APP_PORT, http2(model, pod.protocol));
}

/** The app's control port (/trigger, /output: plain HTTP/1.1 for every protocol), behind the pinhole. */
export function localControlCluster(): Cluster {
  return cluster(CLUSTER.localControl, "STATIC", LOOPBACK, APP_CONTROL_PORT, false);
}

/**
 * Exactly one declared edge: the target pod's sidecar ingress, through Kubernetes DNS; in open-mtls over
 * mutual TLS that verifies the target's identity.
 */
export function routeCluster(model: BlueprintModel, route: Route): Cluster {
  const edge = cluster(
    routeClusterName(route),
    "STRICT_DNS",
    route.host,
    SIDECAR_INGRESS_PORT,
    http2(model, route.protocol),
  );
  return isOpenMtls(model) ? { ...edge, transport_socket: routeTlsSocket(route) } : edge;
}

/**
 * gRPC needs HTTP/2 upstream, but only where Envoy makes the upstream requests itself (armored-car's HTTP
 * connection managers). Where tcp_proxy relays the bytes (armored-tunnel, open-mtls), HTTP protocol options
 * would be ignored, so none are set.
 */
function http2(model: BlueprintModel, protocol: Protocol): boolean {
  return !isOpenMtls(model) && !isTunnel(model) && protocol === "grpc";
}

function cluster(
  name: string,
  type: Cluster["type"],
  host: string,
  port: number,
  useHttp2: boolean,
): Cluster {
  return {
    name,
    type,
    connect_timeout: CONNECT_TIMEOUT,
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(host, port) } }] }],
    },
    ...(useHttp2
      ? {
          typed_extension_protocol_options: {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
              "@type": TYPE_URL.httpProtocolOptions,
              explicit_http_config: { http2_protocol_options: {} },
            },
          },
        }
      : {}),
  };
}
