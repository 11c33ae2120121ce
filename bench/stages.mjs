// Where `compose --zip` spends its time: each stage of it run alone, on one thread, in a fresh `node`
// process per round, on the built modules (`npm run build` first). The sum of the stages is the work a
// compose does whatever the number of threads; it bounds how fast any split of it over the cores can be.
// Run by bench/bench.mjs for its report, or by hand: `node bench/stages.mjs PODS [ROUNDS]`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchNetworkYaml } from "./networks.mjs";
import { median } from "./statistics.mjs";

const DIST = new URL("../dist/", import.meta.url);

/** The stages, in the order a compose runs them, and what each covers. */
export const STAGES = [
  ["validate", "parse and validate the network description"],
  ["render", "resolve the model and render every file, as text (one thread)"],
  ["deflate", "each file's zip data: UTF-8 bytes, CRC-32, deflated at the zip's level"],
  ["zip", "archiver's entries and headers, around data made already"],
];

/** One round, in this process: milliseconds of each stage. */
async function round(pods) {
  const { validateText } = await import(new URL("validate/validate.js", DIST).href);
  const { composeNetwork } = await import(new URL("composition.js", DIST).href);
  const { rememberZipData, zipData } = await import(new URL("write/zip-data.js", DIST).href);
  const { zipBundle } = await import(new URL("write/zip.js", DIST).href);
  const text = benchNetworkYaml(pods);
  const ms = {};
  const timed = (stage, work) => {
    const started = performance.now();
    const result = work();
    ms[stage] = performance.now() - started;
    return result;
  };
  const validation = timed("validate", () => validateText("network.yaml", text));
  if (!validation.ok) throw new Error("the bench network is invalid");
  const files = timed("render", () => composeNetwork(validation.network).files());
  const bytes = timed("deflate", () =>
    files.map((file) => {
      const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
      rememberZipData(content, zipData(content));
      return { ...file, content };
    }),
  );
  const started = performance.now();
  await zipBundle([bytes], "bench");
  ms.zip = performance.now() - started;
  return ms;
}

/** Median milliseconds of each stage over `rounds` fresh processes. */
export function stageTimes(pods, rounds = 5) {
  const samples = Array.from({ length: rounds }, () => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--round", String(pods)], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`bench/stages.mjs --round ${pods}:\n${child.stderr}`);
    return JSON.parse(child.stdout);
  });
  return Object.fromEntries(STAGES.map(([stage]) => [stage, median(samples.map((s) => s[stage]))]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [first, second] = process.argv.slice(2);
  if (first === "--round") {
    process.stdout.write(JSON.stringify(await round(Number(second))));
  } else {
    const ms = stageTimes(Number(first ?? 1000), Number(second ?? 5));
    for (const [stage, what] of STAGES) {
      process.stdout.write(`${stage.padEnd(9)} ${ms[stage].toFixed(0).padStart(6)} ms  ${what}\n`);
    }
    const sum = Object.values(ms).reduce((a, b) => a + b, 0);
    process.stdout.write(`${"sum".padEnd(9)} ${sum.toFixed(0).padStart(6)} ms\n`);
  }
}
