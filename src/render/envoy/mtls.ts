import { ENVOY_CONFIG_DIR, ENVOY_SDS } from "../conventions.js";
import type { Route } from "../../model/model.js";
import { FILTER } from "./names.js";
import {
  TYPE_URL,
  type DownstreamTlsContext,
  type SdsSecretConfig,
  type TlsParameters,
  type TransportSocket,
  type UpstreamTlsContext,
} from "./types.js";

/**
 * open-mtls: the mutual TLS between sidecars. Only lane7's own sidecars speak on SIDECAR_INGRESS_PORT, so
 * TLS 1.3 alone: the certificates travel encrypted and only AEAD ciphers remain. Envoy's clients stop at
 * TLS 1.2 unless told otherwise, so both ends set both bounds.
 */
const SIDECAR_TLS: TlsParameters = {
  tls_minimum_protocol_version: "TLSv1_3",
  tls_maximum_protocol_version: "TLSv1_3",
};

/**
 * One of the two secrets, read from its SDS file in the Envoy ConfigMap (ENVOY_SDS). Kubernetes updates a
 * mounted ConfigMap by moving a new directory into place, so the mount point is watched, not the file.
 */
export function sdsSecretConfig(which: keyof typeof ENVOY_SDS): SdsSecretConfig {
  const { key, secret } = ENVOY_SDS[which];
  return {
    name: secret,
    sds_config: {
      path_config_source: {
        path: `${ENVOY_CONFIG_DIR}/${key}`,
        watched_directory: { path: ENVOY_CONFIG_DIR },
      },
      resource_api_version: "V3",
    },
  };
}

/**
 * The ingress: the pod's certificate, and a client certificate required that chains to the network CA.
 * Which peers are admitted is the RBAC filter's decision (certificatePeer), made on that certificate.
 */
export function ingressTlsSocket(): TransportSocket<DownstreamTlsContext> {
  return {
    name: FILTER.tls,
    typed_config: {
      "@type": TYPE_URL.downstreamTls,
      common_tls_context: {
        tls_params: SIDECAR_TLS,
        tls_certificate_sds_secret_configs: [sdsSecretConfig("certificate")],
        validation_context_sds_secret_config: sdsSecretConfig("validation"),
      },
      require_client_certificate: true,
    },
  };
}

/**
 * One declared edge: the pod's certificate as client certificate, SNI the target's host, and the target's
 * certificate accepted only if it chains to the network CA and its URI SAN is exactly the target's identity.
 */
export function routeTlsSocket(route: Route): TransportSocket<UpstreamTlsContext> {
  return {
    name: FILTER.tls,
    typed_config: {
      "@type": TYPE_URL.upstreamTls,
      common_tls_context: {
        tls_params: SIDECAR_TLS,
        tls_certificate_sds_secret_configs: [sdsSecretConfig("certificate")],
        combined_validation_context: {
          default_validation_context: {
            match_typed_subject_alt_names: [{ san_type: "URI", matcher: { exact: route.identity } }],
          },
          validation_context_sds_secret_config: sdsSecretConfig("validation"),
        },
      },
      sni: route.host,
    },
  };
}
