import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { resolve } from "../../../src/model/resolve.js";
import { ENVOY_CONFIG_DIR, ENVOY_CONFIG_KEY, WORKLOAD_TLS_DIR } from "../../../src/render/conventions.js";
import { envoyBootstrapYaml } from "../../../src/render/envoy/bootstrap.js";
import {
  TYPE_URL,
  type EnvoyBootstrap,
  type SdsFile,
  type SdsSecretConfig,
} from "../../../src/render/envoy/types.js";
import { renderEnvoyConfigMap } from "../../../src/render/k8s/config-map.js";
import { SIDECAR_INGRESS_PORT } from "../../../src/spec/constants.js";
import { networkArbitrary } from "../../support/arbitrary-network.js";
import { caseOf, exampleModels, inOpenMtls, openMtlsCases, OPTIONS } from "./fixtures.js";
import {
  clusterNamed,
  clusters,
  endpointsOf,
  listenerNamed,
  listeners,
  networkFilters,
  rbacFilters,
  typesOf,
} from "./inspect.js";

/**
 * The open-mtls profile: upstream Envoy, one L4 form. The ingress admits exactly the declared upstream pods
 * by the identity of their verified certificates; each route verifies exactly its target's identity; an
 * undeclared edge has nothing.
 */
const CASES = openMtlsCases();

function identityOf(model: BlueprintModel, id: string): string {
  const pod = model.pods.find((candidate) => candidate.id === id);
  if (!pod) throw new Error(`no pod ${id}`);
  return pod.identity;
}

const CERTIFICATE_SDS = {
  name: "workload-certificate",
  sds_config: {
    path_config_source: {
      path: `${ENVOY_CONFIG_DIR}/sds-workload-certificate.yaml`,
      watched_directory: { path: ENVOY_CONFIG_DIR },
    },
    resource_api_version: "V3",
  },
};
const CA_SDS = {
  name: "network-ca",
  sds_config: {
    path_config_source: {
      path: `${ENVOY_CONFIG_DIR}/sds-network-ca.yaml`,
      watched_directory: { path: ENVOY_CONFIG_DIR },
    },
    resource_api_version: "V3",
  },
};
const TLS_1_3 = { tls_minimum_protocol_version: "TLSv1_3", tls_maximum_protocol_version: "TLSv1_3" };

/** The ingress: mutual TLS against the network CA, then RBAC admitting exactly the upstream identities. */
function expectIngressAdmitsExactlyUpstream(model: BlueprintModel, pod: PodModel, bootstrap: EnvoyBootstrap) {
  const ingress = listenerNamed(bootstrap, "ingress");
  if (pod.upstream.length === 0) {
    expect(ingress).toBeUndefined();
    expect(clusterNamed(bootstrap, "local-app")).toBeUndefined();
    return;
  }
  if (!ingress) throw new Error("no ingress listener");
  expect(ingress.address.socket_address).toEqual({ address: "0.0.0.0", port_value: SIDECAR_INGRESS_PORT });
  expect(typesOf(networkFilters(ingress))).toEqual([TYPE_URL.networkRbac, TYPE_URL.tcpProxy]);
  expect(rbacFilters(ingress)).toEqual([
    {
      action: "ALLOW",
      principals: pod.upstream.map((id) => ({
        authenticated: { principal_name: { exact: identityOf(model, id) } },
      })),
    },
  ]);
  expect(ingress.filter_chains[0]?.transport_socket).toEqual({
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": TYPE_URL.downstreamTls,
      common_tls_context: {
        tls_params: TLS_1_3,
        tls_certificate_sds_secret_configs: [CERTIFICATE_SDS],
        validation_context_sds_secret_config: CA_SDS,
      },
      require_client_certificate: true,
    },
  });
}

/** Each egress: tcp_proxy to its route cluster, which verifies exactly the target's identity, SNI its host. */
function expectRoutesVerifyExactlyTheirTarget(pod: PodModel, bootstrap: EnvoyBootstrap) {
  for (const route of pod.downstream) {
    const egress = listenerNamed(bootstrap, `egress-${route.pod}`);
    if (!egress) throw new Error(`no egress listener for ${route.pod}`);
    expect(egress.address.socket_address).toEqual({ address: "127.0.0.1", port_value: route.egressPort });
    expect(networkFilters(egress)).toEqual([
      {
        name: "envoy.filters.network.tcp_proxy",
        typed_config: {
          "@type": TYPE_URL.tcpProxy,
          stat_prefix: `egress-${route.pod}`,
          cluster: `route-${route.pod}`,
        },
      },
    ]);
    const cluster = clusterNamed(bootstrap, `route-${route.pod}`);
    if (!cluster) throw new Error(`no cluster for ${route.pod}`);
    expect(endpointsOf(cluster)).toEqual([{ address: route.host, port: SIDECAR_INGRESS_PORT }]);
    expect(cluster.typed_extension_protocol_options).toBeUndefined();
    expect(cluster.transport_socket).toEqual({
      name: "envoy.transport_sockets.tls",
      typed_config: {
        "@type": TYPE_URL.upstreamTls,
        common_tls_context: {
          tls_params: TLS_1_3,
          tls_certificate_sds_secret_configs: [CERTIFICATE_SDS],
          combined_validation_context: {
            default_validation_context: {
              match_typed_subject_alt_names: [{ san_type: "URI", matcher: { exact: route.identity } }],
            },
            validation_context_sds_secret_config: CA_SDS,
          },
        },
        sni: route.host,
      },
    });
  }
}

/** Every string anywhere in the bootstrap, found by walking the whole object (not its known shape). */
function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(allStrings);
}

/** Nothing for an undeclared edge: no other listener, cluster or identity; no WoSP filter, no wasm. */
function expectNothingUndeclared(model: BlueprintModel, pod: PodModel, bootstrap: EnvoyBootstrap) {
  const remote = clusters(bootstrap).filter((cluster) => cluster.type === "STRICT_DNS");
  expect(remote.map((cluster) => cluster.name)).toEqual(pod.downstream.map((route) => `route-${route.pod}`));
  const egress = listeners(bootstrap).filter((listener) => listener.name.startsWith("egress-"));
  expect(egress.map((listener) => listener.name)).toEqual(pod.downstream.map((r) => `egress-${r.pod}`));
  const declared = new Set([
    ...pod.upstream.map((id) => identityOf(model, id)),
    ...pod.downstream.map((route) => route.identity),
  ]);
  const identities = allStrings(bootstrap).filter((text) => text.startsWith("spiffe://"));
  expect(new Set(identities)).toEqual(declared);
  expect(allStrings(bootstrap).filter((text) => /wasm|wosp/i.test(text))).toEqual([]);
}

/** Every SdsSecretConfig anywhere in the bootstrap, found by walking the whole object. */
function sdsSecretConfigs(value: unknown): SdsSecretConfig[] {
  if (typeof value !== "object" || value === null) return [];
  const own = "sds_config" in value ? [value as SdsSecretConfig] : [];
  return [...own, ...Object.values(value).flatMap(sdsSecretConfigs)];
}

function expectOpenMtlsPod(model: BlueprintModel, pod: PodModel, bootstrap: EnvoyBootstrap) {
  expectIngressAdmitsExactlyUpstream(model, pod, bootstrap);
  expectRoutesVerifyExactlyTheirTarget(pod, bootstrap);
  expectNothingUndeclared(model, pod, bootstrap);
}

describe("Envoy bootstrap, open-mtls profile", () => {
  test("the examples cover upstream and downstream edges, every protocol and both pinhole tiers", () => {
    expect(CASES.some(({ pod }) => pod.upstream.length > 1)).toBe(true);
    expect(CASES.some(({ pod }) => pod.downstream.length > 1)).toBe(true);
    expect(new Set(CASES.map(({ pod }) => pod.protocol))).toEqual(new Set(["http", "websocket", "grpc"]));
    expect(new Set(CASES.map(({ pod }) => pod.pinhole?.tier))).toEqual(new Set([undefined, 1, 2]));
  });

  test.each(CASES)(
    "$label admits exactly the identities of its upstream pods",
    ({ model, pod, bootstrap }) => {
      expectIngressAdmitsExactlyUpstream(model, pod, bootstrap);
    },
  );

  test.each(CASES)("$label verifies exactly its target's identity on each route", ({ pod, bootstrap }) => {
    expectRoutesVerifyExactlyTheirTarget(pod, bootstrap);
  });

  test.each(CASES)("$label has nothing for an undeclared edge", ({ model, pod, bootstrap }) => {
    expectNothingUndeclared(model, pod, bootstrap);
  });

  test.each(CASES)("$label keeps the pinhole and health listeners of the wosp profile", (open) => {
    const base = exampleModels().find((model) => model.name === open.model.name);
    if (!base) throw new Error(`no example ${open.model.name}`);
    const pod = base.pods.find((candidate) => candidate.id === open.pod.id);
    if (!pod) throw new Error(`no pod ${open.pod.id}`);
    const woSP = caseOf(base, pod, "wosp").bootstrap;
    for (const name of ["pinhole", "health"]) {
      expect(listenerNamed(open.bootstrap, name)).toEqual(listenerNamed(woSP, name));
    }
    expect(clusterNamed(open.bootstrap, "local-control")).toEqual(clusterNamed(woSP, "local-control"));
  });

  test("holds for every pod of generated networks", () => {
    fc.assert(
      fc.property(networkArbitrary({ maxPods: 9 }), (network) => {
        const model = resolve(inOpenMtls(network));
        expect(model.security.profile).toBe("open-mtls");
        for (const pod of model.pods) {
          expectOpenMtlsPod(model, pod, parse(envoyBootstrapYaml(model, pod, OPTIONS)) as EnvoyBootstrap);
        }
      }),
      { seed: 7302, numRuns: 60 },
    );
  });
});

describe("the sidecar's Envoy ConfigMap", () => {
  test.each(CASES)("$label carries the SDS files the bootstrap reads", ({ model, pod }) => {
    const { data = {} } = renderEnvoyConfigMap(model, pod, envoyBootstrapYaml(model, pod, OPTIONS));
    expect(Object.keys(data).sort()).toEqual(
      [ENVOY_CONFIG_KEY, "sds-network-ca.yaml", "sds-workload-certificate.yaml"].sort(),
    );
    const sds = (key: string) => parse(data[key] ?? "") as SdsFile;
    expect(sds("sds-workload-certificate.yaml")).toEqual({
      resources: [
        {
          "@type": TYPE_URL.secret,
          name: CERTIFICATE_SDS.name,
          tls_certificate: {
            certificate_chain: { filename: `${WORKLOAD_TLS_DIR}/tls.crt` },
            private_key: { filename: `${WORKLOAD_TLS_DIR}/tls.key` },
            watched_directory: { path: WORKLOAD_TLS_DIR },
          },
        },
      ],
    });
    expect(sds("sds-network-ca.yaml")).toEqual({
      resources: [
        {
          "@type": TYPE_URL.secret,
          name: CA_SDS.name,
          validation_context: {
            trusted_ca: { filename: `${WORKLOAD_TLS_DIR}/ca.crt` },
            watched_directory: { path: WORKLOAD_TLS_DIR },
          },
        },
      ],
    });
  });

  test.each(CASES)("$label: each secret the bootstrap asks for is the one secret of its file there", (c) => {
    const envoyYaml = envoyBootstrapYaml(c.model, c.pod, OPTIONS);
    const { data = {} } = renderEnvoyConfigMap(c.model, c.pod, envoyYaml);
    const asked = sdsSecretConfigs(parse(envoyYaml));
    expect(asked.length).toBeGreaterThan(0);
    for (const { name, sds_config } of asked) {
      const { path, watched_directory } = sds_config.path_config_source;
      expect(watched_directory.path).toBe(ENVOY_CONFIG_DIR);
      expect(path.startsWith(`${ENVOY_CONFIG_DIR}/`)).toBe(true);
      const file = parse(data[path.slice(ENVOY_CONFIG_DIR.length + 1)] ?? "null") as SdsFile | null;
      expect(file?.resources.map((secret) => secret.name)).toEqual([name]);
    }
  });

  test("holds only the bootstrap in the wosp profile", () => {
    for (const model of exampleModels()) {
      for (const pod of model.pods) {
        const { data = {} } = renderEnvoyConfigMap(model, pod, envoyBootstrapYaml(model, pod, OPTIONS));
        expect(Object.keys(data)).toEqual([ENVOY_CONFIG_KEY]);
      }
    }
  });
});
