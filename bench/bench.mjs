// lane7's benchmark: run by hand (`npm run bench`), never in CI's pass/fail. Times whole processes, as a
// user runs them, side by side with cdk8s synthesizing the same Kubernetes objects (bench/cdk8s-peer.mjs)
// and with `cp -r` of the same tree. The commands of one size run interleaved, round by round, so that
// drift of a shared machine hits all of them alike; ratios are taken within each round. Wall time is
// taken with a microsecond clock, peak memory with GNU time (/usr/bin/time). Writes BENCHMARKS.md.
//
// Every writer (lane7, cdk8s, cp) writes a new directory each run, and nothing is removed until the whole
// run is over (a few GB in the system's temporary directory): on ext4 without a journal, creating files
// skips every inode removed in the last minutes, so a run after a removal of thousands of files spent
// seconds more in the kernel (perf: `recently_deleted`), whichever tool it was. The file system is flushed
// (`sync`, untimed) before every run, so a command that flushes its own output (lane7 does, before its
// atomic rename) does not pay for the writes of the one before it. The recompose, which by nature removes
// the bundle it replaces, has its rounds after the others'.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchNetwork, benchNetworkYaml, changedNetworkYaml } from "./networks.mjs";
import { writePeerObjects } from "./peer-objects.mjs";
import { STAGES, stageTimes } from "./stages.mjs";
import { median } from "./statistics.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "bin/lane7.js");
const PEER = join(ROOT, "bench/cdk8s-peer.mjs");
const NODE = process.execPath;
const SIZES = [10, 100, 1000, 5000];
const RUNS = { 10: 7, 100: 7, 1000: 5, 5000: 3 };
const STARTUP_RUNS = 41;
/** The size whose compose is taken apart stage by stage (bench/stages.mjs), and in how many rounds. */
const STAGES_SIZE = 1000;
const STAGES_ROUNDS = 5;
const GOALS = {
  startupRatio: 1.5,
  zipVsPeer: 5,
  zipSeconds: 1,
  dirVsPeer: 2,
  dirVsCopy: 1.3,
  mib: 250,
  growth: 1.2,
};
const CDK8S = "cdk8s synth (peer)";
const COPY = "cp -r of the bundle";
/** Into a new directory, as cdk8s and `cp -r` write (removed after, as the copy is). */
const FRESH = "compose -o (new directory)";
/** Over the bundle composed before: the recompose a user runs again and again. */
const RECOMPOSE = "compose -o --force (recompose)";

/** One run, after a flush of what earlier runs wrote: wall seconds (microsecond clock) and peak memory in MiB (GNU time). */
function timed(args, expectCode = 0) {
  spawnSync("sync");
  const started = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", ...args], {
    encoding: "utf8",
    cwd: ROOT,
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kib = Number(result.stderr.trim().split("\n").pop());
  if (result.status !== expectCode || !Number.isFinite(kib)) {
    throw new Error(`${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return { seconds, mib: kib / 1024 };
}

function spread(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Runs COMMANDS ({label: {args, expectCode}}) interleaved: one warm-up round (file cache, a fresh
 * build's first run), then RUNS counted rounds. Returns each label's samples, round by round.
 */
function interleaved(commands, runs) {
  const samples = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
  for (let round = 0; round <= runs; round++) {
    for (const [label, { args, expectCode }] of Object.entries(commands)) {
      const sample = timed(args, expectCode);
      if (round > 0) samples[label].push(sample);
    }
  }
  return samples;
}

/** Per-round ratios A / B of wall time. */
function ratios(samples, a, b) {
  return spread(samples[a].map((sample, i) => sample.seconds / samples[b][i].seconds));
}

function prepare(size, work) {
  const network = join(work, `bench-${size}.yaml`);
  const changed = join(work, `bench-${size}-changed.yaml`);
  writeFileSync(network, benchNetworkYaml(size));
  writeFileSync(changed, changedNetworkYaml(size));
  const bundle = join(work, `bundle-${size}`);
  const other = join(work, `bundle-${size}-changed`);
  const objects = join(work, `peer-${size}.json`);
  timed([NODE, BIN, "compose", network, "-o", bundle, "--force"]);
  timed([NODE, BIN, "compose", changed, "-o", other, "--force"]);
  const podIds = benchNetwork(size).spec.pods.map((pod) => pod.id);
  writePeerObjects(bundle, podIds, objects);
  return { network, bundle, other, objects };
}

/** `sh -c` arguments that run `command` with `"$d"` a new directory under `outputs` (never removed here). */
function inNewDirectory(outputs, command, ...args) {
  return ["sh", "-c", `d=$(mktemp -d -p "$1") && shift && exec ${command}`, "sh", outputs, ...args];
}

function sizeResult(size, work) {
  const { network, bundle, other, objects } = prepare(size, work);
  const outputs = join(work, "outputs");
  mkdirSync(outputs, { recursive: true });
  const commands = {
    validate: { args: [NODE, BIN, "validate", network] },
    [FRESH]: { args: inNewDirectory(outputs, '"$1" "$2" compose "$3" -o "$d/bundle"', NODE, BIN, network) },
    "compose --zip": {
      args: [NODE, BIN, "compose", network, "--zip", join(work, `bench-${size}.zip`), "--force"],
    },
    [CDK8S]: { args: inNewDirectory(outputs, '"$1" "$2" "$3" "$d/cdk8s"', NODE, PEER, objects) },
    [COPY]: { args: inNewDirectory(outputs, 'cp -r "$1" "$d/copy"', bundle) },
    "diff (two bundle dirs)": {
      args: [NODE, BIN, "diff", bundle, other, "--format", "json"],
      expectCode: 1,
    },
  };
  const samples = {
    ...interleaved(commands, RUNS[size]),
    ...interleaved(
      { [RECOMPOSE]: { args: [NODE, BIN, "compose", network, "-o", bundle, "--force"] } },
      RUNS[size],
    ),
  };
  const order = ["validate", FRESH, RECOMPOSE, "compose --zip", CDK8S, COPY, "diff (two bundle dirs)"];
  const rows = order.map((label) => ({
    label,
    seconds: spread(samples[label].map((s) => s.seconds)),
    mib: spread(samples[label].map((s) => s.mib)),
  }));
  for (const row of rows) {
    process.stderr.write(
      `  ${row.label.padEnd(24)} ${row.seconds.median.toFixed(2)} s  ${row.mib.median.toFixed(0)} MiB\n`,
    );
  }
  return {
    rows,
    runs: RUNS[size],
    peerVsZip: ratios(samples, CDK8S, "compose --zip"),
    peerVsDir: ratios(samples, CDK8S, FRESH),
    dirVsCopy: ratios(samples, FRESH, COPY),
  };
}

/** Start-up: `node -e 0`, `lane7 --version` and `validate` of an example, interleaved run by run. */
function startup() {
  const commands = {
    "node -e 0": { args: [NODE, "-e", "0"] },
    "lane7 --version": { args: [NODE, BIN, "--version"] },
    "lane7 validate agentic-ai": {
      args: [NODE, BIN, "validate", join(ROOT, "examples/agentic-ai.yaml")],
    },
  };
  const samples = interleaved(commands, STARTUP_RUNS);
  return Object.keys(commands).map((label) => ({
    label,
    seconds: spread(samples[label].map((s) => s.seconds)),
    ratio: ratios(samples, label, "node -e 0"),
  }));
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? "unknown"} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    lane7: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    cdk8s: JSON.parse(readFileSync(join(ROOT, "node_modules/cdk8s/package.json"), "utf8")).version,
  };
}

const range = ({ min, max }, digits, unit = "") => `${min.toFixed(digits)}–${max.toFixed(digits)}${unit}`;
const seconds = (s) => `${s.median.toFixed(2)} s (${range(s, 2)})`;
const mib = (m) => `${m.median.toFixed(0)} MiB (${range(m, 0)})`;
const times = (r) => `${r.median.toFixed(2)}× (${range(r, 2, "×")})`;
const verdict = (ok) => (ok ? "met" : "**missed**");
const row = (result, label) => result.rows.find((r) => r.label === label);

function sizeTables(results) {
  const lines = [
    "## By network size",
    "",
    "Median of the counted rounds, and in brackets the fastest and slowest (lightest and heaviest) run.",
    "",
    "| pods | edges | command | wall | peak memory |",
    "|---:|---:|---|---:|---:|",
  ];
  for (const size of Object.keys(results)) {
    const edges = benchNetwork(size).spec.edges.length;
    for (const r of results[size].rows) {
      lines.push(`| ${size} | ${edges} | \`${r.label}\` | ${seconds(r.seconds)} | ${mib(r.mib)} |`);
    }
  }
  lines.push(
    "",
    "## Side by side",
    "",
    "Ratios of wall time taken within each round (so that a slow moment hits both), median and range.",
    "",
    "| pods | rounds | cdk8s ÷ `compose --zip` | cdk8s ÷ `compose -o` (new directory) | `compose -o` (new directory) ÷ `cp -r` |",
    "|---:|---:|---:|---:|---:|",
  );
  for (const [size, r] of Object.entries(results)) {
    lines.push(
      `| ${size} | ${r.runs} | ${times(r.peerVsZip)} | ${times(r.peerVsDir)} | ${times(r.dirVsCopy)} |`,
    );
  }
  return lines;
}

function startupTable(starts) {
  return [
    "## Start-up",
    "",
    `${STARTUP_RUNS} interleaved rounds, each run timed from spawn to exit; ratios within each round.`,
    "",
    "| command | wall | ratio to `node -e 0` |",
    "|---|---:|---:|",
    ...starts.map(
      (s) =>
        `| \`${s.label}\` | ${(s.seconds.median * 1000).toFixed(0)} ms (${(s.seconds.min * 1000).toFixed(0)}–${(s.seconds.max * 1000).toFixed(0)}) | ${times(s.ratio)} |`,
    ),
  ];
}

function goalsTable(results, starts) {
  const big = results[1000];
  const zip = row(big, "compose --zip");
  const dir = row(big, FRESH);
  const validate = starts.find((s) => s.label === "lane7 validate agentic-ai").ratio.median;
  const lines = [
    "## Goals",
    "",
    "| goal (1,000 pods unless said) | measured | |",
    "|---|---|---|",
    `| \`validate\` of an example within ${GOALS.startupRatio}× of \`node -e 0\` | ${validate.toFixed(2)}× | ${verdict(validate <= GOALS.startupRatio)} |`,
    `| \`compose --zip\` at least ${GOALS.zipVsPeer}× faster than cdk8s | ${big.peerVsZip.median.toFixed(2)}× | ${verdict(big.peerVsZip.median >= GOALS.zipVsPeer)} |`,
    `| \`compose --zip\` within ${GOALS.zipSeconds.toFixed(1)} s | ${zip.seconds.median.toFixed(2)} s | ${verdict(zip.seconds.median <= GOALS.zipSeconds)} |`,
    `| \`compose -o\` into a new directory at least ${GOALS.dirVsPeer}× faster than cdk8s | ${big.peerVsDir.median.toFixed(2)}× | ${verdict(big.peerVsDir.median >= GOALS.dirVsPeer)} |`,
    `| \`compose -o\` into a new directory within ${GOALS.dirVsCopy}× of \`cp -r\` of the same tree | ${big.dirVsCopy.median.toFixed(2)}× | ${verdict(big.dirVsCopy.median <= GOALS.dirVsCopy)} |`,
    `| peak memory of both within ${GOALS.mib} MB | \`--zip\` ${zip.mib.median.toFixed(0)} MiB, \`-o\` ${dir.mib.median.toFixed(0)} MiB | ${verdict(Math.max(zip.mib.median, dir.mib.median) * 1.048576 <= GOALS.mib)} |`,
  ];
  for (const label of ["validate", FRESH, RECOMPOSE, "compose --zip", "diff (two bundle dirs)"]) {
    const small = row(big, label);
    const large = row(results[5000], label);
    const time = large.seconds.median / small.seconds.median;
    const memory = large.mib.median / small.mib.median;
    const ok = time <= 5 * GOALS.growth && memory <= 5 * GOALS.growth;
    lines.push(
      `| \`${label}\` linear: 5,000 pods within ${(5 * GOALS.growth).toFixed(0)}× the 1,000-pod figures | time ${time.toFixed(1)}×, memory ${memory.toFixed(1)}× | ${verdict(ok)} |`,
    );
  }
  return lines;
}

/**
 * The stages of `compose --zip` (bench/stages.mjs), and the bound they set: validation comes before
 * anything else can start, the rest could at best be shared out evenly over the cores, and start-up,
 * garbage collection on other threads and I/O would cost nothing.
 */
function stagesTable(ms, peerSeconds) {
  const cores = os.availableParallelism();
  const rest = Object.entries(ms).filter(([stage]) => stage !== "validate");
  const parallel = rest.reduce((sum, [, value]) => sum + value, 0);
  const bound = (ms.validate + parallel / cores) / 1000;
  const total = (ms.validate + parallel) / 1000;
  return [
    `## Where \`compose --zip\` spends its time (${STAGES_SIZE.toLocaleString("en")} pods)`,
    "",
    `Each stage alone on one thread, in a fresh process (bench/stages.mjs); median of ${STAGES_ROUNDS} rounds.`,
    "",
    "| stage | what it does | time |",
    "|---|---|---:|",
    ...STAGES.map(([stage, what]) => `| ${stage} | ${what} | ${ms[stage].toFixed(0)} ms |`),
    `| all | the work of one compose, however it is shared out | ${(total * 1000).toFixed(0)} ms |`,
    "",
    `Validation comes first, alone; were the rest shared out perfectly over this machine's ${cores} cores, and`,
    "start-up, garbage collection and I/O free, `compose --zip` would take",
    `${bound.toFixed(2)} s: ${(peerSeconds / bound).toFixed(2)}× faster than cdk8s's median above, at best.`,
  ];
}

function report(results, starts, host, stages) {
  return [
    "# Benchmarks",
    "",
    "Regenerated by `npm run bench` (bench/bench.mjs): whole processes as a user runs them, each size's",
    "commands interleaved round by round after one warm-up round. Networks are generated by",
    "bench/networks.mjs: layers of 1 to 6 pods mixing chains, fan-outs and fan-ins, about 2.5 edges per pod,",
    "mixed protocols. The diff compares two composed bundle directories of networks that differ by one edge",
    "and one protocol.",
    "",
    "The peer is cdk8s (bench/cdk8s-peer.mjs), a whole `node` process like lane7's: one chart per pod, an",
    "`ApiObject` for each Kubernetes object lane7 renders for that pod (Namespace, Secret, Envoy ConfigMap,",
    "Service, NetworkPolicy, Deployment) plus a ConfigMap holding the pod's app files, synthesized to one",
    "YAML file per pod. Its input, the objects with their Envoy and app text, is read from a lane7 bundle",
    "beforehand and not timed (bench/peer-objects.mjs). `cp -r` copies the composed bundle directory on the",
    "same disk. `compose -o (new directory)`, cdk8s and `cp -r` each write a new directory every run; none is",
    "removed before the end of the whole run, since on a file system that holds back recently freed inodes",
    "(ext4 without a journal) creating files after thousands were removed took seconds longer, for any tool.",
    "The file system is flushed, untimed, before every run: lane7 flushes its bundle before renaming it into",
    "place and so waits for its own writes only, where cdk8s and `cp -r` leave theirs to the kernel.",
    "`compose -o --force (recompose)` recomposes the bundle composed before, reading it back to carry what",
    "the user owns and removing the old one; its rounds come after the others'.",
    "",
    `Machine: ${host.cpu}, ${host.memory}; ${host.os}; Node ${host.node}; lane7 ${host.lane7}; cdk8s ${host.cdk8s}; run on ${new Date().toISOString().slice(0, 10)}.`,
    "",
    ...sizeTables(results),
    "",
    ...startupTable(starts),
    "",
    ...(results[1000] && results[5000] ? [...goalsTable(results, starts), ""] : []),
    ...(stages ? [...stagesTable(stages, row(results[STAGES_SIZE], CDK8S).seconds.median), ""] : []),
    "Time includes Node's own start-up (about the `node -e 0` figure) and memory its baseline, so small",
    "networks look flatter than the work itself.",
    "",
  ].join("\n");
}

const work = mkdtempSync(join(os.tmpdir(), "lane7-bench-"));
const sizes = process.env.LANE7_BENCH_SIZES?.split(",").map(Number) ?? SIZES;
try {
  const results = {};
  for (const size of sizes) {
    process.stderr.write(`${size} pods\n`);
    results[size] = sizeResult(size, work);
  }
  process.stderr.write("start-up\n");
  const starts = startup();
  process.stderr.write(`stages of compose --zip, ${STAGES_SIZE} pods\n`);
  const stages = results[STAGES_SIZE] && stageTimes(STAGES_SIZE, STAGES_ROUNDS);
  const markdown = report(results, starts, machine(), stages);
  // A run of some sizes only (LANE7_BENCH_SIZES=10,100) checks the bench; it leaves BENCHMARKS.md alone.
  if (sizes === SIZES) writeFileSync(join(ROOT, "BENCHMARKS.md"), markdown);
  process.stdout.write(markdown);
} finally {
  rmSync(work, { recursive: true, force: true });
}
