// Bundles the CLI (dist/cli/main.js, built by tsc) into dist/bundle/lane7.cjs and records a V8 code cache
// for it, so that start-up compiles almost nothing: bin/lane7.js loads the bundle with that cache. The
// render worker is a bundle of its own, which compose starts by its file name, beside lane7.cjs.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { build } from "esbuild";
import Handlebars from "handlebars";
import { COMPILE_OPTIONS, sourceHash } from "../dist/render/text/engine.js";
import { templateSources } from "../dist/render/text/templates.js";

/**
 * commander loads node:child_process (and with it node:net) when it loads, for executable subcommands,
 * which lane7 has none of: ~12 ms of every start-up. Its one use, spawn, then loads the module on a call.
 */
const lazyChildProcessInCommander = {
  name: "lazy-child-process-in-commander",
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${path}: no longer loads child_process as expected`);
      const lazy =
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

/**
 * Every template under templates/, compiled by handlebars now, into the bundles' precompiled-templates
 * module (src/render/text/precompiled.ts): rendering then compiles none, in each render worker of every run.
 * Each records its source's hash, and a template whose source differs at run time is compiled as before.
 */
const precompiledTemplates = {
  name: "precompiled-templates",
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]render[\\/]text[\\/]precompiled\.js$/ }, () => {
      const entries = Object.entries(templateSources()).map(
        ([name, source]) =>
          `${JSON.stringify(name)}: { sha256: ${JSON.stringify(sourceHash(source))}, spec: ${Handlebars.precompile(source, COMPILE_OPTIONS)} }`,
      );
      return { contents: `export const PRECOMPILED = {\n${entries.join(",\n")}\n};\n`, loader: "js" };
    });
  },
};

const common = {
  bundle: true,
  plugins: [lazyChildProcessInCommander, precompiledTemplates],
  platform: "node",
  target: "node20",
  // No keepNames: its helper, run at every closure's creation, cost each render worker a fifth of its CPU.
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
};

rmSync("dist/bundle", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/bundle/lane7.cjs",
  format: "cjs",
  // Loaded from node_modules by the cluster commands only (src/cluster/client.ts), so that its size
  // costs nothing at start-up. The bundle runs as a vm script, where import() would need an
  // experimental loader hook: esbuild makes it require(), which Node (>= 20.19) allows for ES modules.
  // So are @peculiar/x509 and reflect-metadata, for `lane7 run` in the open-mtls profile only
  // (src/run/sidecar/mtls/x509.ts).
  external: ["@kubernetes/client-node", "@peculiar/x509", "reflect-metadata"],
  supported: { "dynamic-import": false },
  // The code finds templates/ and its worker from its own file; in CommonJS that file is __filename.
  define: { "import.meta.url": "lane7ImportMetaUrl" },
  // The file is the function bin/lane7.js calls as Node calls a CommonJS module, so that V8 compiles the
  // text as it was read, with no wrapped copy of 1 MB made at every start-up.
  banner: {
    js: `(function (exports, require, module, __filename, __dirname) {\nconst lane7ImportMetaUrl = require("node:url").pathToFileURL(__filename).href;`,
  },
  footer: { js: "})" },
  // ASCII only, so that bin/lane7.js reads the text as Latin-1, a plain copy of its bytes.
  charset: "ascii",
});
const lane7Bytes = readFileSync("dist/bundle/lane7.cjs");
if (lane7Bytes.some((byte) => byte > 0x7f)) throw new Error("dist/bundle/lane7.cjs is not ASCII");
await build({
  ...common,
  entryPoints: ["dist/render/render-worker.js"],
  outfile: "dist/bundle/render-worker.js",
  format: "esm",
  // The CommonJS dependencies (handlebars) call require(); give the ES module one.
  banner: {
    js: "import { createRequire as lane7CreateRequire } from 'node:module'; const require = lane7CreateRequire(import.meta.url);",
  },
});
// One representative run compiles what start-up needs; bin/lane7.js then saves V8's code for it.
execFileSync(process.execPath, ["bin/lane7.js", "validate", "examples/agentic-ai.yaml"], {
  env: { ...process.env, LANE7_WRITE_CODE_CACHE: "1" },
  stdio: "ignore",
});
