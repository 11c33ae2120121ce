import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "../support/cli.js";

/**
 * @kubernetes/client-node is loaded by the cluster commands only: `lane7 validate` and `compose` start
 * without it (requires `npm run build`).
 */
const dir = mkdtempSync(join(tmpdir(), "lane7-lazy-"));
const hook = join(dir, "hook.cjs");
writeFileSync(
  hook,
  `const Module = require("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "@kubernetes/client-node") process.stderr.write("client-node loaded\\n");
  if (request.replace(/^node:/, "") === "child_process") process.stderr.write("child_process loaded\\n");
  return load.call(this, request, ...rest);
};
`,
);
const kubeconfig = join(dir, "kubeconfig");
writeFileSync(kubeconfig, "clusters: []\ncontexts: []\nusers: []\n");

/** bi-pod's credentials, so that deploy gets as far as the cluster. */
const CREDENTIALS = { HOPR_LICENSE: "l", HOPR_API_TOKEN: "t", HOPR_KEY_POD_1: "k1", HOPR_KEY_POD_2: "k2" };

function lane7(args: string[]): string {
  const result = spawnSync(process.execPath, ["--require", hook, BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, ...CREDENTIALS },
  });
  return result.stderr;
}

describe("loading client-node", () => {
  it("lane7 validate and compose never load it", () => {
    expect(lane7(["validate", "examples/bi-pod.yaml"])).not.toContain("client-node loaded");
    expect(lane7(["compose", "examples/bi-pod.yaml", "-o", join(dir, "bundle")])).not.toContain(
      "client-node loaded",
    );
  });

  it("lane7 validate starts without node:child_process (commander would load it for nothing)", () => {
    expect(lane7(["validate", "examples/bi-pod.yaml"])).not.toContain("child_process loaded");
    const control = spawnSync(process.execPath, ["--require", hook, "-e", 'require("node:child_process")'], {
      encoding: "utf8",
    });
    expect(control.stderr, "the hook sees a load of it").toContain("child_process loaded");
  });

  it("lane7 deploy loads it once it connects", () => {
    const stderr = lane7(["deploy", "examples/bi-pod.yaml", "--kubeconfig", kubeconfig, "--dry-run"]);
    expect(stderr).toContain("client-node loaded");
  });
});
