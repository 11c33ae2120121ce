import { ENVOY_SDS, WORKLOAD_TLS_DIR, WORKLOAD_TLS_FILES } from "../conventions.js";
import { toYaml } from "../yaml.js";
import { TYPE_URL, type SdsFile } from "./types.js";

const inWorkloadTls = (file: string) => ({ filename: `${WORKLOAD_TLS_DIR}/${file}` });

/**
 * open-mtls: the SDS files of the sidecar's Envoy ConfigMap, by ConfigMap key (ENVOY_SDS). Each holds one
 * secret pointing at the mounted workload TLS Secret; Kubernetes renews those files by moving a new
 * directory into WORKLOAD_TLS_DIR, which Envoy watches, so a renewed certificate needs no restart.
 */
export function sdsFiles(): Record<string, SdsFile> {
  const watched_directory = { path: WORKLOAD_TLS_DIR };
  return {
    [ENVOY_SDS.certificate.key]: {
      resources: [
        {
          "@type": TYPE_URL.secret,
          name: ENVOY_SDS.certificate.secret,
          tls_certificate: {
            certificate_chain: inWorkloadTls(WORKLOAD_TLS_FILES.cert),
            private_key: inWorkloadTls(WORKLOAD_TLS_FILES.key),
            watched_directory,
          },
        },
      ],
    },
    [ENVOY_SDS.validation.key]: {
      resources: [
        {
          "@type": TYPE_URL.secret,
          name: ENVOY_SDS.validation.secret,
          validation_context: { trusted_ca: inWorkloadTls(WORKLOAD_TLS_FILES.ca), watched_directory },
        },
      ],
    },
  };
}

/** Those files as the YAML texts the ConfigMap carries. */
export function sdsFileYamls(): Record<string, string> {
  return Object.fromEntries(Object.entries(sdsFiles()).map(([key, file]) => [key, toYaml(file)]));
}
