import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { flushTree } from "../../src/write/durable.js";
import { scratchDir } from "./fixtures.js";

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

/** A `sync` command first on the PATH, that records its arguments and exits with `code`. */
function fakeSync(code: number): string {
  const bin = join(scratchDir(), "bin");
  mkdirSync(bin);
  const log = join(bin, "calls");
  writeFileSync(join(bin, "sync"), `#!/bin/sh\necho "$@" >> '${log}'\nexit ${code}\n`);
  chmodSync(join(bin, "sync"), 0o755);
  process.env.PATH = `${bin}:${path ?? ""}`;
  return log;
}

function tree(): string {
  const root = join(scratchDir(), "bundle");
  mkdirSync(join(root, "pod/app"), { recursive: true });
  writeFileSync(join(root, "pod/app/app.py"), "print()\n");
  writeFileSync(join(root, "README.md"), "# x\n");
  symlinkSync("README.md", join(root, "link"));
  return root;
}

describe("flushTree", () => {
  it("flushes the whole file system at once with `sync -f` on the bundle", async () => {
    const root = tree();
    const log = fakeSync(0);
    await flushTree(root);
    expect(readFileSync(log, "utf8")).toBe(`-f ${root}\n`);
  });

  it("flushes each file and directory when `sync -f` refuses, or there is no sync at all", async () => {
    const root = tree();
    fakeSync(1);
    await expect(flushTree(root)).resolves.toBeUndefined();
    process.env.PATH = join(scratchDir(), "nowhere");
    await expect(flushTree(root)).resolves.toBeUndefined();
  });

  it("with the real sync of this machine", async () => {
    await expect(flushTree(tree())).resolves.toBeUndefined();
  });
});
