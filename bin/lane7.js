#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

// lane7 is one CommonJS bundle, compiled here with the V8 code cache the build recorded for it (V8
// ignores a cache from another Node version, and lane7 then compiles as usual): start-up is a feature.
const bundle = fileURLToPath(new URL("../dist/bundle/lane7.cjs", import.meta.url));
const cacheFile = `${bundle}.cache`;
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, "utf8")}\n})`,
  { filename: bundle, cachedData: existsSync(cacheFile) ? readFileSync(cacheFile) : undefined },
);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
process.exitCode = await module.exports.main(process.argv.slice(2));
// The build's one representative run (scripts/bundle.mjs) records the cache, after the code it needs ran.
if (process.env.LANE7_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
