import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BlueprintModel } from "../../../src/model/model.js";
import type { BundleFile } from "../../../src/render/file.js";
import { validateText } from "../../../src/validate/validate.js";
import { resolve } from "../../../src/model/resolve.js";
import { findPython, hasModules, NO_PYTHON_REASON, runPython } from "../../support/python.js";
import { appFiles, exampleModel, exampleNames, modelOf } from "./networks.js";

const python = findPython();
const HOSTILE = `Quote " and ' and """ and ''' \\ {{title}} {{{x}}} $(rm -rf /) \`id\` \n import os; os.system("id") #\r\u2028end`;
/** As hostile as a title the validator accepts can be: it refuses CR and the line separators. */
const VALID_HOSTILE = HOSTILE.replace(/[\r\u2028]/g, "");

/** Valid networks beyond the examples: YAML 1.1 words as ids, every role, a hostile title. */
const EXTRA_NETWORKS: Record<string, string> = {
  "yaml-words": `
apiVersion: lane7/v1
kind: Network
metadata: { name: "on", title: ${JSON.stringify(VALID_HOSTILE)} }
spec:
  pods:
    - { id: "on", role: initiator, protocol: grpc }
    - { id: "no", role: relay, protocol: grpc }
    - { id: "y", role: aggregator, protocol: websocket }
    - { id: "off", role: terminator }
  edges:
    - { from: "on", to: "no" }
    - { from: "on", to: "y" }
    - { from: "no", to: "y" }
    - { from: "no", to: "on" }
    - { from: "y", to: "off" }
`,
};

function extraModel(name: string): BlueprintModel {
  const validation = validateText(`${name}.yaml`, EXTRA_NETWORKS[name] ?? "");
  if (!validation.ok) throw new Error(`${name}: ${JSON.stringify(validation.findings, null, 1)}`);
  return resolve(validation.network);
}

/** The same topology twice: plain ids and title, and hostile ones (a renderer must not trust validation). */
function twins(): [BlueprintModel, BlueprintModel] {
  const pods = (ids: string[]) =>
    [
      { id: ids[0] ?? "", role: "initiator", protocol: "websocket" },
      { id: ids[1] ?? "", role: "relay", protocol: "grpc" },
      { id: ids[2] ?? "", role: "aggregator" },
      { id: ids[3] ?? "", role: "terminator", protocol: "websocket" },
    ] as const;
  const edges = (ids: string[]): [string, string][] =>
    [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 3],
      [1, 0],
    ].map(([from, to]) => [ids[from ?? 0] ?? "", ids[to ?? 0] ?? ""]);
  const plain = ["a", "b", "c", "d"];
  const hostile = ['x"; import os #', "b\nimport sys", "{{podId}}", "'''\u2028\\"];
  return [
    modelOf("plain", "Plain", [...pods(plain)], edges(plain)),
    modelOf('n"\n{{name}}', HOSTILE, [...pods(hostile)], edges(hostile)),
  ];
}

/** Writes app.py files under a fresh directory; their paths, in order. */
function writeApps(dir: string, files: BundleFile[], prefix: string): string[] {
  return files
    .filter((file) => file.path.endsWith("/app.py"))
    .map((file, index) => {
      const path = join(dir, prefix, String(index), "app.py");
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      return path;
    });
}

/** Per file: the top-level names it defines, and its AST with every string constant blanked. */
const INSPECT = `
import ast, json, sys

def top_level(tree):
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(target.id for target in node.targets)
        elif isinstance(node, ast.AnnAssign):
            names.append(node.target.id)
    return names

def shape(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = "<str>"
    return ast.dump(tree)

report = []
for path in sys.argv[1:]:
    source = open(path, encoding="utf-8").read()
    compile(source, path, "exec")
    tree = ast.parse(source, path)
    report.append({"names": top_level(tree), "shape": shape(tree)})
print(json.dumps(report))
`;

interface Inspection {
  names: string[];
  shape: string;
}

const COMMON = [
  "T",
  "NETWORKING_KEYS",
  "from_env",
  "seconds",
  "address",
  "POD_ID",
  "NETWORK",
  "APP_HOST",
  "APP_PORT",
  "ROLE",
  "QUEUE_LIMIT",
  "DRAIN_TIMEOUT",
  "TASK_ID",
  "logger",
  "log",
  "configure",
  "Rejected",
  "is_task_id",
  "restore",
  "compact",
  "Job",
  "Pod",
  "refusal",
  "CONTROL_PORT",
  "control_endpoints",
  "start_http",
  "signalled",
  "main",
];
const SENDS = [
  "port_map",
  "positive_seconds",
  "attempts",
  "EGRESS_HOST",
  "EGRESS_PORT_MAP",
  "DOWNSTREAM_PROTOCOLS",
  "SEND_TIMEOUT",
  "SEND_ATTEMPTS",
  "BACKOFF_FIRST",
  "BACKOFF_MAX",
  "DeliveryError",
  "describe",
  "Sender",
  "Outbox",
];
const RECEIVES = ["parse_message", "arrived", "receipt"];
const OUTPUT = ["RESULTS_KEPT", "Results"];

describe.skipIf(!python)(`generated Python${python ? "" : ` (skipped: ${NO_PYTHON_REASON})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), "lane7-app-src-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const inspect = (paths: string[]) => JSON.parse(runPython(python ?? "", INSPECT, paths)) as Inspection[];

  it("every app.py of every example and extra network compiles, leaving no bytecode behind", () => {
    const models = [
      ...exampleNames().map(exampleModel),
      ...Object.keys(EXTRA_NETWORKS).map(extraModel),
      ...twins(),
    ];
    const paths = models.flatMap((model, index) => writeApps(dir, appFiles(model), `all-${index}`));
    expect(paths.length).toBe(models.reduce((sum, model) => sum + model.pods.length, 0));
    expect(inspect(paths)).toHaveLength(paths.length);
    const written = readdirSync(dir, { recursive: true, encoding: "utf8" });
    expect(written.filter((path) => path.includes("__pycache__") || path.endsWith(".pyc"))).toEqual([]);
  });

  it("defines exactly the hooks and machinery of each pod's place in the network", () => {
    const model = extraModel("yaml-words");
    const [on, no, y, off] = inspect(writeApps(dir, appFiles(model), "roles")).map((found) =>
      found.names.sort(),
    );
    const expected = (...groups: string[][]) => [...COMMON, ...groups.flat()].sort();
    const grpc = ["GRPC_SERVICE", "GRPC_METHOD"];
    expect(on).toEqual(
      expected(
        ["on_trigger", "on_complete", "AUTO_TRIGGER_COUNT", "AUTO_TRIGGER_DELAY", "AUTO_TRIGGER_INTERVAL"],
        ["auto_trigger", "task_count", "start_grpc_ingress"],
        grpc,
        SENDS,
        RECEIVES,
        OUTPUT,
        ["GrpcSender", "WebSocketSender"],
      ),
    );
    expect(no).toEqual(
      expected(["on_receive_relay", "start_grpc_ingress"], grpc, SENDS, RECEIVES, [
        "WebSocketSender",
        "GrpcSender",
      ]),
    );
    expect(y).toEqual(
      expected(
        ["on_aggregate", "INGRESS_COUNT", "AGGREGATE_TIMEOUT", "UPSTREAM", "MERGED_KEPT"],
        ["Gathering", "RecentTasks", "merge_trails", "websocket_ingress"],
        SENDS,
        RECEIVES,
        ["HttpSender", "JSON_CONTENT"],
      ),
    );
    expect(off).toEqual(expected(["on_receive_terminator", "http_ingress"], RECEIVES, OUTPUT));
  });

  it("keeps hostile ids and titles inside string literals: the code is the same as for plain ones", () => {
    const [plain, hostile] = twins();
    const plainApps = inspect(writeApps(dir, appFiles(plain), "plain"));
    const hostileApps = inspect(writeApps(dir, appFiles(hostile), "hostile"));
    expect(hostileApps.map((app) => app.shape)).toEqual(plainApps.map((app) => app.shape));
    expect(new Set(plainApps.map((app) => app.shape)).size).toBe(4);
  });

  it.skipIf(!python || !hasModules(python, ["pyflakes"]))(
    "passes pyflakes (no undefined or unused names)",
    () => {
      const models = [...exampleNames().map(exampleModel), extraModel("yaml-words"), ...twins()];
      const paths = models.flatMap((model, index) => writeApps(dir, appFiles(model), `flakes-${index}`));
      expect(runPython(python ?? "", "import sys; from pyflakes.api import main; main()", paths)).toBe("");
    },
  );

  it.skipIf(!python || !hasModules(python, ["pycodestyle"]))(
    "is laid out as PEP 8 says (pycodestyle)",
    () => {
      const paths = exampleNames().flatMap((name) =>
        writeApps(dir, appFiles(exampleModel(name)), `style-${name}`),
      );
      const check = "import sys, pycodestyle; sys.exit(pycodestyle._main())";
      expect(runPython(python ?? "", check, ["--max-line-length=110", ...paths])).toBe("");
    },
  );
});
