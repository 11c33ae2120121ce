// lane7's benchmark: run by hand (`npm run bench`), never in CI's pass/fail. Times whole processes, as a
// user runs them, with GNU time (/usr/bin/time) for wall time and peak memory, several runs each, and
// writes the medians to BENCHMARKS.md together with the machine they came from.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchNetwork, benchNetworkYaml, changedNetworkYaml } from "./networks.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "bin/lane7.js");
const SIZES = [10, 100, 1000, 5000];
const RUNS = { 10: 7, 100: 7, 1000: 5, 5000: 3 };
const STARTUP_RUNS = 41;
const BUDGETS = { startupRatio: 2, zip1000Seconds: 3, zip1000MiB: 400 };

function timed(args, options = {}) {
  const result = spawnSync("/usr/bin/time", ["-f", "%e %M", ...args], {
    encoding: "utf8",
    cwd: ROOT,
    ...options,
  });
  const last = result.stderr.trim().split("\n").pop() ?? "";
  const [seconds, kib] = last.split(" ").map(Number);
  const expected = options.expectCode ?? 0;
  if (result.status !== expected || !Number.isFinite(seconds)) {
    throw new Error(`${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return { seconds, mib: kib / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(label, args, runs, options) {
  timed(args, options); // warm-up: file cache, and the first run of a fresh build
  const samples = Array.from({ length: runs }, () => timed(args, options));
  const row = {
    label,
    seconds: median(samples.map((s) => s.seconds)),
    mib: median(samples.map((s) => s.mib)),
    runs,
  };
  process.stderr.write(
    `  ${label.padEnd(28)} ${row.seconds.toFixed(2)} s  ${row.mib.toFixed(0)} MiB  (median of ${runs})\n`,
  );
  return row;
}

function sizeRows(size, work) {
  const network = join(work, `bench-${size}.yaml`);
  const changed = join(work, `bench-${size}-changed.yaml`);
  writeFileSync(network, benchNetworkYaml(size));
  writeFileSync(changed, changedNetworkYaml(size));
  const runs = RUNS[size];
  const bundle = join(work, `bundle-${size}`);
  const other = join(work, `bundle-${size}-changed`);
  const node = process.execPath;
  const rows = [
    measure("validate", [node, BIN, "validate", network], runs),
    measure("compose -o", [node, BIN, "compose", network, "-o", bundle, "--force"], runs),
    measure(
      "compose --zip",
      [node, BIN, "compose", network, "--zip", join(work, `bench-${size}.zip`), "--force"],
      runs,
    ),
  ];
  if (size === 1000) {
    // What this machine's file system costs for the same tree, to read `compose -o` against.
    const copy = 'd=$(mktemp -d) && cp -r "$1" "$d/copy" && rm -rf "$d"';
    rows.push(measure("cp -r of that bundle (baseline)", ["sh", "-c", copy, "sh", bundle], runs));
  }
  timed([node, BIN, "compose", changed, "-o", other, "--force"]);
  rows.push(
    measure("diff (two bundle dirs)", [node, BIN, "diff", bundle, other, "--format", "json"], runs, {
      expectCode: 1,
      maxBuffer: 1 << 30,
    }),
  );
  return rows;
}

/** Wall time of one run, to the microsecond (GNU time's hundredths are too coarse for start-up). */
function wallSeconds(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(args[0], args.slice(1), { cwd: ROOT, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Start-up: the commands interleaved run by run, so that machine drift hits all of them alike. */
function startup() {
  const node = process.execPath;
  const commands = {
    "node -e 0": [node, "-e", "0"],
    "lane7 --version": [node, BIN, "--version"],
    "lane7 validate agentic-ai": [node, BIN, "validate", join(ROOT, "examples/agentic-ai.yaml")],
  };
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < STARTUP_RUNS + 1; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const seconds = wallSeconds(args);
      if (i > 0) samples[name].push(seconds);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? "unknown"} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    lane7: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
  };
}

function report(results, starts, host) {
  const base = starts["node -e 0"];
  const ratio = starts["lane7 validate agentic-ai"] / base;
  const zip1000 = results[1000].find((row) => row.label === "compose --zip");
  const growth = (label) => {
    const small = results[1000].find((row) => row.label === label);
    const large = results[5000].find((row) => row.label === label);
    return { time: large.seconds / small.seconds, memory: large.mib / small.mib };
  };
  const verdict = (ok) => (ok ? "met" : "**missed**");
  const lines = [
    "# Benchmarks",
    "",
    "Regenerated by `npm run bench` (bench/bench.mjs): whole `lane7` processes as a user runs them, timed",
    "with GNU time after one warm-up run; each figure is the median of several runs. Networks are generated",
    "by bench/networks.mjs: layers of 1 to 6 pods mixing chains, fan-outs and fan-ins, about 2.5 edges per",
    "pod, mixed protocols. The diff compares two composed bundle directories of networks that differ by one",
    "edge and one protocol.",
    "",
    `Machine: ${host.cpu}, ${host.memory}; ${host.os}; Node ${host.node}; lane7 ${host.lane7}; run on ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "## By network size",
    "",
    "| pods | edges | command | wall (median) | peak memory |",
    "|---:|---:|---|---:|---:|",
  ];
  for (const size of SIZES) {
    const edges = benchNetwork(size).spec.edges.length;
    for (const row of results[size]) {
      lines.push(
        `| ${size} | ${edges} | \`${row.label}\` | ${row.seconds.toFixed(2)} s | ${row.mib.toFixed(0)} MiB |`,
      );
    }
  }
  lines.push(
    "",
    "## Start-up",
    "",
    `Median of ${STARTUP_RUNS} interleaved runs, each timed from spawn to exit.`,
    "",
    "| command | wall (median) | ratio to `node -e 0` |",
    "|---|---:|---:|",
    ...Object.entries(starts).map(
      ([name, seconds]) =>
        `| \`${name}\` | ${(seconds * 1000).toFixed(0)} ms | ${(seconds / base).toFixed(2)}× |`,
    ),
    "",
    "## Budgets",
    "",
    "| budget | measured | |",
    "|---|---|---|",
    `| \`validate\` start-up within ${BUDGETS.startupRatio}× of \`node -e 0\` | ${ratio.toFixed(2)}× | ${verdict(ratio <= BUDGETS.startupRatio)} |`,
    `| 1,000 pods compose to a zip in under ${BUDGETS.zip1000Seconds} s | ${zip1000.seconds.toFixed(2)} s | ${verdict(zip1000.seconds < BUDGETS.zip1000Seconds)} |`,
    `| … with under ${BUDGETS.zip1000MiB} MB peak memory | ${zip1000.mib.toFixed(0)} MiB | ${verdict(zip1000.mib < BUDGETS.zip1000MiB)} |`,
  );
  for (const label of ["validate", "compose --zip", "diff (two bundle dirs)"]) {
    const { time, memory } = growth(label);
    lines.push(
      `| \`${label}\` grows linearly: 5,000 vs 1,000 pods (5× the work) | time ${time.toFixed(1)}×, memory ${memory.toFixed(1)}× | ${verdict(time < 7.5)} |`,
    );
  }
  lines.push(
    "",
    "Time includes Node's own start-up (about the `node -e 0` figure) and memory its baseline, so small",
    'networks look flatter than the work itself; "linear" means 5,000 pods cost at most 1.5× five times',
    "what 1,000 pods cost.",
    "",
  );
  return lines.join("\n");
}

const work = mkdtempSync(join(os.tmpdir(), "lane7-bench-"));
try {
  const results = {};
  for (const size of SIZES) {
    process.stderr.write(`${size} pods\n`);
    results[size] = sizeRows(size, work);
  }
  process.stderr.write("start-up\n");
  const starts = startup();
  const markdown = report(results, starts, machine());
  writeFileSync(join(ROOT, "BENCHMARKS.md"), markdown);
  process.stdout.write(markdown);
} finally {
  rmSync(work, { recursive: true, force: true });
}
