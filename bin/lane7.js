#!/usr/bin/env node
"use strict";
// CommonJS (bin/package.json says so): Node then starts without its ES module loader, which start-up
// would otherwise pay for this one file. lane7 itself is one CommonJS bundle, compiled here with the V8
// code cache the build recorded for it (V8 ignores a cache from another Node version, and lane7 then
// compiles as usual): start-up is a feature.
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { dirname, join } = require("node:path");
const vm = require("node:vm");

const bundle = join(__dirname, "../dist/bundle/lane7.cjs");
const cacheFile = `${bundle}.cache`;
// The bundle is one function expression, in ASCII (scripts/bundle.mjs), taking what Node gives a module.
const script = new vm.Script(readFileSync(bundle, "latin1"), {
  filename: bundle,
  cachedData: existsSync(cacheFile) ? readFileSync(cacheFile) : undefined,
});
const lane7 = { exports: {} };
script.runInThisContext()(lane7.exports, createRequire(bundle), lane7, bundle, dirname(bundle));
void lane7.exports.main(process.argv.slice(2)).then((code) => {
  // The build's one representative run (scripts/bundle.mjs) records the cache, after the code it needs ran.
  if (process.env.LANE7_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
  lane7.exports.exitWhenWritten(code);
});
