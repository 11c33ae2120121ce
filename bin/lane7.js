#!/usr/bin/env node
import module from "node:module";

// Node 22+ caches compiled code between runs; Node 20 has no such cache for ES modules.
module.enableCompileCache?.();
const { main } = await import("../dist/bundle/main.js");
process.exitCode = await main(process.argv.slice(2));
