// Bundles the CLI (dist/cli/main.js, built by tsc) into dist/bundle/, one file per command that loads
// lazily, so that start-up reads a few files instead of hundreds of modules. bin/lane7.js runs the bundle.
// The render worker is an entry of its own: compose starts it by its file name, beside the chunks.
import { build } from "esbuild";

await build({
  entryPoints: { main: "dist/cli/main.js", "render-worker": "dist/render/render-worker.js" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  keepNames: true,
  legalComments: "linked",
  logLevel: "warning",
  // The CommonJS dependencies (commander, handlebars, archiver) call require(); give the bundle one.
  banner: {
    js: "import { createRequire as lane7CreateRequire } from 'node:module'; const require = lane7CreateRequire(import.meta.url);",
  },
});
