import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "../support/cli.js";

/**
 * What `lane7 validate` leaves unloaded of Node's own modules, each a few milliseconds of start-up
 * (requires `npm run build`): its outputs here are pipes, which it writes without Node's stream (and so
 * without node:net), and it reads its file without node:fs/promises.
 */
const dir = mkdtempSync(join(tmpdir(), "lane7-start-up-"));
const hook = join(dir, "hook.cjs");
writeFileSync(
  hook,
  `process.on("exit", () => require("node:fs").writeSync(2, "LOADED " + process.moduleLoadList.join(",") + "\\n"));\n`,
);

function loadedBy(args: string[]): string[] {
  const result = spawnSync(process.execPath, ["--require", hook, ...args], { cwd: ROOT, encoding: "utf8" });
  const line = result.stderr.split("\n").find((text) => text.startsWith("LOADED "));
  if (line === undefined) throw new Error(`no module list in:\n${result.stderr}`);
  return line.slice("LOADED ".length).split(",");
}

describe("modules lane7 validate starts without", () => {
  it("loads neither node:net nor node:fs/promises, and still prints its verdict", () => {
    const result = spawnSync(process.execPath, [BIN, "validate", "examples/bi-pod.yaml"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toContain("valid");
    const loaded = loadedBy([BIN, "validate", "examples/bi-pod.yaml"]);
    expect(loaded).not.toContain("NativeModule net");
    expect(loaded).not.toContain("NativeModule fs/promises");
  });

  it("the list shows them when they are loaded", () => {
    const loaded = loadedBy(["-e", 'process.stdout.write(""); require("node:fs/promises")']);
    expect(loaded).toContain("NativeModule net");
    expect(loaded).toContain("NativeModule fs/promises");
  });
});
