import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { envoyBootstrapYaml } from "../../../src/render/envoy/bootstrap.js";
import { sdsFiles } from "../../../src/render/envoy/sds.js";
import { ENVOY_VALIDATE, envoyDocument, envoyValidator } from "../../support/envoy-validate.js";
import { allCases, openMtlsCases, OPTIONS, type Case } from "./fixtures.js";

/**
 * Envoy's validation rules (test/envoy-validate) must reject what Envoy rejects, or every test that they
 * accept a config passes vacuously. Each case mutates one real rendered bootstrap (which itself
 * validates) in one way; all of them go to the validator in one batch.
 */
const validate = envoyValidator();
/** armored-car, no ingress: HTTP connection managers on every listener. */
const CAR = fixture("quad-pod/armored-car/ingest");
/** armored-tunnel with an ingress: WoSP, RBAC and TCP proxy network filters on listener 0. */
const TUNNEL = fixture("quad-pod/armored-tunnel/grpc-worker");

/** open-mtls with an ingress and a route: the TLS transport sockets of both, with SDS. */
const OPEN = fixture("quad-pod/open-mtls/grpc-worker");

function fixture(label: string): Case {
  const found = [...allCases(), ...openMtlsCases()].find((c) => c.label === label);
  if (!found) throw new Error(`fixture ${label} is missing`);
  return found;
}

const DELETE = Symbol("delete");
type Path = readonly (string | number)[];

/** A copy of the fixture's bootstrap (or of another object) with the value at `path` replaced (or deleted). */
function edited(path: Path, value: unknown, from: Case | object = CAR): unknown {
  const copy: unknown = structuredClone("bootstrap" in from ? from.bootstrap : from);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) ?? "";
  if (value === DELETE) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}

const LISTENERS = ["static_resources", "listeners"];
const ADDRESS = ["admin", "address", "socket_address"];
const CLUSTER = ["static_resources", "clusters", 0];
const filter = (listener: number, index: number) => [
  ...LISTENERS,
  listener,
  "filter_chains",
  0,
  "filters",
  index,
  "typed_config",
];
const HCM = filter(0, 0);
const WASM = [...HCM, "http_filters", 0, "typed_config"];
const HEALTH_LISTENER = CAR.bootstrap.static_resources.listeners.length - 1;
const HEALTH_CHECK = [...filter(HEALTH_LISTENER, 0), "http_filters", 0, "typed_config"];
const TCP_PROXY = filter(0, 2);
const RBAC_POLICY = [...filter(0, 1), "rules", "policies", "declared-upstream"];
const ENDPOINT = [...CLUSTER, "load_assignment", "endpoints", 0, "lb_endpoints", 0, "endpoint"];
const ENDPOINT_ADDRESS = [...ENDPOINT, "address", "socket_address", "address"];
const OPEN_ROUTE = OPEN.bootstrap.static_resources.clusters.findIndex((c) => c.name.startsWith("route-"));
const UPSTREAM_TLS = [...LISTENERS.slice(0, 1), "clusters", OPEN_ROUTE, "transport_socket", "typed_config"];
const DOWNSTREAM_TLS = [...LISTENERS, 0, "filter_chains", 0, "transport_socket", "typed_config"];

type Edit = [string, Path, unknown, RegExp, Case?];

const REJECTED: Edit[] = [
  ["an unknown top-level field", ["static_resourcez"], {}, /unknown field "static_resourcez"/],
  ["an unknown nested field", [...ADDRESS, "portValue2"], 1, /unknown field "portValue2"/],
  ["an unknown field inside an Any", [...HCM, "stat_prefixx"], "x", /unknown field "stat_prefixx"/],
  [
    "an unknown typed_config type",
    [...WASM, "@type"],
    "type.googleapis.com/envoy.Nope",
    /envoy\.Nope.*not found/,
  ],
  ["an Any without @type", [...WASM, "@type"], DELETE, /missing "@type"/],
  [
    "an Any whose @type lacks the type URL prefix",
    [...WASM, "@type"],
    "envoy.extensions.filters.http.wasm.v3.Wasm",
    /an Any needs @type "type\.googleapis\.com\/"/,
  ],
  ["a bad enum", [...CLUSTER, "type"], "STRICTEST_DNS", /invalid value for enum/],
  ["a bad duration", [...CLUSTER, "connect_timeout"], "5 seconds", /google\.protobuf\.Duration/],
  ["a string where a number belongs", [...ADDRESS, "port_value"], "port", /invalid value for uint32/],
  [
    "a port above 65535 (uint32.lte)",
    [...ADDRESS, "port_value"],
    70000,
    /PortValue: value must be less than or equal to 65535/,
  ],
  [
    "an empty cluster name (string.min_len)",
    [...CLUSTER, "name"],
    "",
    /Cluster\.Name: value length must be at least 1/,
  ],
  [
    "an empty endpoint address (string.min_len)",
    ENDPOINT_ADDRESS,
    "",
    /SocketAddress\.Address: value length must be at least 1/,
  ],
  [
    "a missing required message (message.required)",
    [...HEALTH_CHECK, "pass_through_mode"],
    DELETE,
    /HealthCheck\.PassThroughMode: value is required/,
  ],
  [
    "a missing required oneof (validate.required)",
    [...ADDRESS, "port_value"],
    DELETE,
    /PortSpecifier: value is required/,
  ],
  [
    "a bad header name (well_known_regex)",
    [...HEALTH_CHECK, "headers", 0, "name"],
    "bad\nheader",
    /HeaderMatcher\.Name: value does not match regex pattern/,
  ],
  [
    "a deprecated field that Envoy disallows by default",
    [...HCM, "route_config", "virtual_hosts", 0, "rate_limits"],
    [
      {
        actions: [
          { dynamic_metadata: { descriptor_key: "k", metadata_key: { key: "f", path: [{ key: "p" }] } } },
        ],
      },
    ],
    /actions\[0\]\.dynamic_metadata: deprecated field, disallowed by default/,
  ],
  [
    "an empty stat_prefix of a TcpProxy, inside an Any",
    [...TCP_PROXY, "stat_prefix"],
    "",
    /<envoy\.extensions\.filters\.network\.tcp_proxy\.v3\.TcpProxy>: invalid TcpProxy\.StatPrefix: value length must be at least 1/,
    TUNNEL,
  ],
  [
    "an RBAC policy without principals (repeated.min_items), inside an Any",
    [...RBAC_POLICY, "principals"],
    [],
    /Policy\.Principals: value must contain at least 1 item/,
    TUNNEL,
  ],
  [
    "a URI SAN matcher without its SAN type, inside an UpstreamTlsContext",
    [
      ...UPSTREAM_TLS,
      "common_tls_context",
      "combined_validation_context",
      "default_validation_context",
      "match_typed_subject_alt_names",
      0,
      "san_type",
    ],
    DELETE,
    /SubjectAltNameMatcher\.SanType: value must not be in list \[SAN_TYPE_UNSPECIFIED\]/,
    OPEN,
  ],
  [
    "an SDS file source with an empty path, inside a DownstreamTlsContext",
    [
      ...DOWNSTREAM_TLS,
      "common_tls_context",
      "validation_context_sds_secret_config",
      "sds_config",
      "path_config_source",
      "path",
    ],
    "",
    /PathConfigSource\.Path: value length must be at least 1/,
    OPEN,
  ],
  [
    "an unknown TLS version",
    [...DOWNSTREAM_TLS, "common_tls_context", "tls_params", "tls_minimum_protocol_version"],
    "TLSv1_4",
    /invalid value for enum/,
    OPEN,
  ],
];

const CERTIFICATE_FILE = sdsFiles()["sds-workload-certificate.yaml"] ?? {};
const SECRET = ["resources", 0];
const ANOTHER_SECRET = { ...structuredClone(sdsFiles()["sds-network-ca.yaml"]?.resources[0]), name: "other" };

/** SDS files, read as Envoy reads them (a DiscoveryResponse of Secrets): each edit must be refused. */
const REJECTED_SDS: [string, Path, unknown, RegExp][] = [
  ["an unknown field of a Secret", [...SECRET, "tls_certificatez"], {}, /unknown field "tls_certificatez"/],
  [
    "an empty certificate file name",
    [...SECRET, "tls_certificate", "certificate_chain", "filename"],
    "",
    /DataSource\.Filename: value length must be at least 1/,
  ],
  ["no secret", ["resources"], [], /resources: none/],
  [
    "two secrets (SDS takes one)",
    ["resources", 1],
    ANOTHER_SECRET,
    /resources: 2, but SDS takes exactly one secret/,
  ],
  [
    "a resource of another type beside the secret",
    ["resources", 1],
    { "@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", name: "other" },
    /resources\[1\]: type\.googleapis\.com\/envoy\.config\.cluster\.v3\.Cluster in a file of .*Secret/,
  ],
  ["an unknown field beside resources", ["resourcez"], [], /unknown field "resourcez"/],
];

const findings = validate?.([
  envoyDocument("car", CAR.bootstrap),
  envoyDocument("tunnel", TUNNEL.bootstrap),
  envoyDocument("deprecated", edited(["admin", "access_log_path"], "/dev/null")),
  ...REJECTED.map(([name, path, value, , from]) => envoyDocument(name, edited(path, value, from))),
  envoyDocument("open", OPEN.bootstrap),
  ...Object.entries(sdsFiles()).map(([key, file]) => envoyDocument(key, file)),
  ...REJECTED_SDS.map(([name, path, value]) => envoyDocument(name, edited(path, value, CERTIFICATE_FILE))),
]);

describe.skipIf(validate === null)("Envoy's validation rules", () => {
  const [car, tunnel, deprecated, ...more] = findings ?? [];
  const rejected = more.slice(0, REJECTED.length);
  const [open, ...sds] = more.slice(REJECTED.length);
  const validSds = sds.slice(0, 2);
  const rejectedSds = sds.slice(2);

  test("accept the unmodified bootstraps and SDS files", () => {
    expect(car).toMatchObject({ valid: true, errors: [] });
    expect(tunnel).toMatchObject({ valid: true, errors: [] });
    expect(open).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(validSds).toEqual([
      expect.objectContaining({ valid: true, errors: [], warnings: [] }),
      expect.objectContaining({ valid: true, errors: [], warnings: [] }),
    ]);
  });

  test("warn about a deprecated field, as Envoy does, and accept it", () => {
    expect(deprecated).toMatchObject({ valid: true, errors: [] });
    expect(deprecated?.warnings).toContain("bootstrap.admin.access_log_path: deprecated field");
  });

  test("exit 1 when any YAML file of a batch is invalid, 0 when every one is valid", () => {
    const dir = mkdtempSync(join(tmpdir(), "lane7-envoy-validate-exit-"));
    const valid = join(dir, "valid.yaml");
    const invalid = join(dir, "invalid.yaml");
    writeFileSync(valid, envoyBootstrapYaml(CAR.model, CAR.pod, OPTIONS));
    writeFileSync(invalid, JSON.stringify(edited([...CLUSTER, "name"], "")));
    const run = (...files: string[]) => spawnSync(ENVOY_VALIDATE, files, { encoding: "utf8" });
    expect(run(valid, valid).status).toBe(0);
    const mixed = run(valid, invalid, valid);
    expect(mixed.status).toBe(1);
    const lines = mixed.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { valid: boolean });
    expect(lines.map((line) => line.valid)).toEqual([true, false, true]);
  });

  test.each(REJECTED.map(([name, , , message], index) => [name, message, index] as const))(
    "reject %s",
    (_, message, index) => {
      const found = rejected[index];
      expect(found?.valid).toBe(false);
      expect(found?.errors.join("\n")).toMatch(message);
    },
  );

  test.each(REJECTED_SDS.map(([name, , , message], index) => [name, message, index] as const))(
    "reject an SDS file with %s",
    (_, message, index) => {
      const found = rejectedSds[index];
      expect(found?.valid).toBe(false);
      expect(found?.errors.join("\n")).toMatch(message);
    },
  );
});
