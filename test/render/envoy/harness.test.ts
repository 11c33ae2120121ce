import { describe, expect, test } from "vitest";
import { envoyBootstrapIssues, envoyMessageIssues } from "../../support/envoy-proto.js";
import { allCases, type Case } from "./fixtures.js";

/**
 * The validation harness must reject what Envoy rejects, or every "validates strictly" test passes
 * vacuously. Each case mutates one real rendered bootstrap (which itself validates) in one way.
 */
const base = fixture("quad-pod/armored-car/ingest");

function fixture(label: string): Case {
  const found = allCases().find((c) => c.label === label);
  if (!found) throw new Error(`fixture ${label} is missing`);
  return found;
}

const DELETE = Symbol("delete");
type Path = readonly (string | number)[];

/** A copy of the base bootstrap with the value at `path` replaced (or deleted). */
function edited(path: Path, value: unknown): unknown {
  const copy: unknown = structuredClone(base.bootstrap);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) ?? "";
  if (value === DELETE) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}

const LAST_LISTENER = base.bootstrap.static_resources.listeners.length - 1;
const ADDRESS = ["admin", "address", "socket_address"];
const CLUSTER = ["static_resources", "clusters", 0];
const HCM = ["static_resources", "listeners", 0, "filter_chains", 0, "filters", 0, "typed_config"];
const WASM = [...HCM, "http_filters", 0, "typed_config"];
const HEALTH_CHECK = [
  "static_resources",
  "listeners",
  LAST_LISTENER,
  "filter_chains",
  0,
  "filters",
  0,
  "typed_config",
  "http_filters",
  0,
  "typed_config",
];
const ENDPOINT_ADDRESS = [
  ...CLUSTER,
  "load_assignment",
  "endpoints",
  0,
  "lb_endpoints",
  0,
  "endpoint",
  "address",
  "socket_address",
  "address",
];

describe("Envoy proto harness", () => {
  test("accepts the unmodified bootstrap", () => {
    expect(envoyBootstrapIssues(edited(["node", "id"], base.pod.id))).toEqual([]);
  });

  test.each<[string, Path, unknown, RegExp]>([
    ["an unknown top-level field", ["static_resourcez"], {}, /unknown field/],
    ["an unknown nested field", [...ADDRESS, "portValue2"], 1, /unknown field/],
    ["an unknown field inside an Any", [...HCM, "stat_prefixx"], "x", /unknown field/],
    ["an unknown @type", [...WASM, "@type"], "type.googleapis.com/envoy.Nope", /no such type/],
    ["an Any without @type", [...WASM, "@type"], DELETE, /@type/],
    [
      "an Any whose @type lacks the type URL prefix",
      [...WASM, "@type"],
      "envoy.extensions.filters.http.wasm.v3.Wasm",
      /@type/,
    ],
    ["a bad enum", [...CLUSTER, "type"], "STRICTEST_DNS", /enum/],
    ["a bad duration", [...CLUSTER, "connect_timeout"], "5 seconds", /duration/],
    ["a string where a number belongs", [...ADDRESS, "port_value"], "port", /invalid|expected/i],
    ["a port out of range (validate.rules uint32.lte)", [...ADDRESS, "port_value"], 70000, /out of range/],
    ["an empty cluster name (validate.rules string.min_len)", [...CLUSTER, "name"], "", /min_len/],
    ["an empty endpoint address (validate.rules string.min_len)", ENDPOINT_ADDRESS, "", /min_len/],
    [
      "a missing required message (validate.rules message.required)",
      [...HEALTH_CHECK, "pass_through_mode"],
      DELETE,
      /required/,
    ],
    ["a missing required oneof (validate.required)", [...ADDRESS, "port_value"], DELETE, /port_specifier/],
    ["a deprecated field", ["admin", "access_log_path"], "/dev/null", /deprecated/],
    [
      "a bad header name (validate.rules well_known_regex)",
      [...HEALTH_CHECK, "headers", 0, "name"],
      "bad\nheader",
      /HTTP_HEADER_NAME/,
    ],
  ])("rejects %s", (_, path, value, message) => {
    const issues = envoyBootstrapIssues(edited(path, value));
    expect(issues.map((issue) => issue.message).join("\n")).toMatch(message);
  });

  test("checks validate.rules on messages reached only through an Any", () => {
    const issues = envoyMessageIssues("envoy.config.listener.v3.Listener", {
      name: "l",
      address: { socket_address: { address: "127.0.0.1", port_value: 1 } },
      filter_chains: [
        {
          filters: [
            {
              name: "t",
              typed_config: {
                "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
                cluster: "c",
              },
            },
          ],
        },
      ],
    });
    expect(issues).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/min_len/) as unknown }),
    ]);
    expect(issues[0]?.path).toMatch(/TcpProxy>\.stat_prefix$/);
  });

  test("requires min_items on repeated fields", () => {
    const issues = envoyMessageIssues("envoy.config.rbac.v3.Policy", {
      permissions: [{ any: true }],
      principals: [],
    });
    expect(issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/needs ≥ 1 items/)]);
  });
});
