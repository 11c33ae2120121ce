import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BundleFile } from "../../src/render/file.js";
import { writeBundleDirectory } from "../../src/write/directory.js";
import { WriteError } from "../../src/write/errors.js";
import { checkDirectoryTarget } from "../../src/write/target.js";
import { readTree, treeOf } from "../support/bundle.js";
import { sampleBundle, scratchDir, tempEntries } from "./fixtures.js";

async function write(files: BundleFile[], path: string, force = false): Promise<void> {
  await writeBundleDirectory(files, await checkDirectoryTarget(path, force));
}

describe("writeBundleDirectory", () => {
  it("writes every file with its exact mode and leaves no scratch behind", async () => {
    const parent = scratchDir();
    const out = join(parent, "demo");
    await write(sampleBundle(), out);
    expect(readTree(out)).toEqual(treeOf(sampleBundle()));
    expect(tempEntries(parent)).toEqual([]);
  });

  it("sets modes explicitly, whatever the umask", async () => {
    const parent = scratchDir();
    const previous = process.umask(0o077);
    try {
      await write(sampleBundle(), join(parent, "demo"));
    } finally {
      process.umask(previous);
    }
    expect(readTree(join(parent, "demo"))).toEqual(treeOf(sampleBundle()));
  });

  it("creates missing parent directories", async () => {
    const parent = scratchDir();
    const out = join(parent, "a", "b", "demo");
    await write(sampleBundle(), out);
    expect(readTree(out)).toEqual(treeOf(sampleBundle()));
  });

  it("uses an existing empty directory", async () => {
    const out = join(scratchDir(), "demo");
    mkdirSync(out);
    await write(sampleBundle(), out);
    expect(readTree(out)).toEqual(treeOf(sampleBundle()));
  });

  it("refuses a directory that is not a lane7 bundle, with or without --force, and leaves it untouched", async () => {
    const out = join(scratchDir(), "mine");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "precious\n");
    for (const force of [false, true]) {
      await expect(checkDirectoryTarget(out, force)).rejects.toThrow(/is not a lane7 bundle/);
    }
    expect(readTree(out)).toEqual({
      "notes.txt": { content: "precious\n", mode: expect.any(Number) as number },
    });
  });

  it("refuses a blueprint.yaml of another kind", async () => {
    const out = join(scratchDir(), "other");
    mkdirSync(out);
    writeFileSync(join(out, "blueprint.yaml"), "apiVersion: lane7/v1\nkind: Network\n");
    await expect(checkDirectoryTarget(out, true)).rejects.toThrow(/is not a lane7 bundle/);
  });

  it("refuses files and symbolic links", async () => {
    const parent = scratchDir();
    writeFileSync(join(parent, "file"), "x");
    mkdirSync(join(parent, "real"));
    symlinkSync(join(parent, "real"), join(parent, "link"));
    await expect(checkDirectoryTarget(join(parent, "file"), true)).rejects.toThrow(/is not a directory/);
    await expect(checkDirectoryTarget(join(parent, "link"), true)).rejects.toThrow(/symbolic link/);
  });

  it("replaces an existing bundle only with --force, removing files the new one does not have", async () => {
    const parent = scratchDir();
    const out = join(parent, "demo");
    await write([...sampleBundle("old"), { path: "gone.txt", content: "old\n", mode: 0o644 }], out);
    await expect(checkDirectoryTarget(out, false)).rejects.toThrow(/pass --force/);
    await write(sampleBundle("new"), out, true);
    expect(readTree(out)).toEqual(treeOf(sampleBundle("new")));
    expect(tempEntries(parent)).toEqual([]);
  });

  it("on a failed write leaves nothing new: no scratch, no target, no created parents", async () => {
    const parent = scratchDir();
    const out = join(parent, "new-parent", "demo");
    // `x` is both a file and a directory: writing the file fails after the directories exist.
    const clash: BundleFile[] = [
      { path: "x", content: "", mode: 0o644 },
      { path: "x/y", content: "", mode: 0o644 },
    ];
    await expect(write(clash, out)).rejects.toBeInstanceOf(WriteError);
    expect(existsSync(join(parent, "new-parent"))).toBe(false);
    expect(tempEntries(parent)).toEqual([]);
  });

  it("on a failed replacement keeps the old bundle as it was", async () => {
    const parent = scratchDir();
    const out = join(parent, "demo");
    await write(sampleBundle("old"), out);
    const clash: BundleFile[] = [
      { path: "x", content: "", mode: 0o644 },
      { path: "x/y", content: "", mode: 0o644 },
    ];
    await expect(write(clash, out, true)).rejects.toBeInstanceOf(WriteError);
    expect(readTree(out)).toEqual(treeOf(sampleBundle("old")));
    expect(tempEntries(parent)).toEqual([]);
  });

  it("removes a dead run's scratch beside the target, but not a live run's or another target's", async () => {
    const parent = scratchDir();
    const dead = join(parent, ".lane7-tmp-demo-999999999-0badc0de");
    const live = join(parent, `.lane7-tmp-demo-${process.ppid}-0badc0de`);
    const other = join(parent, ".lane7-tmp-demo-2-999999999-0badc0de");
    for (const stray of [dead, live, other]) mkdirSync(join(stray, "gw"), { recursive: true });
    await write(sampleBundle(), join(parent, "demo"));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it("puts back the bundle a killed run had set aside when the target is missing, and removes it otherwise", async () => {
    const parent = scratchDir();
    const out = join(parent, "demo");
    const aside = join(parent, ".lane7-tmp-demo-999999999-0badc0de.previous");
    const unfinished = join(parent, ".lane7-tmp-demo-999999999-0badf00d");
    await write(sampleBundle("old"), join(parent, "old"));
    renameSync(join(parent, "old"), aside);
    mkdirSync(unfinished);
    await expect(checkDirectoryTarget(out, false)).rejects.toThrow(/pass --force/);
    expect(readTree(out)).toEqual(treeOf(sampleBundle("old")));
    expect(tempEntries(parent)).toEqual([]);

    mkdirSync(aside);
    await write(sampleBundle("new"), out, true);
    expect(readTree(out)).toEqual(treeOf(sampleBundle("new")));
    expect(tempEntries(parent)).toEqual([]);
  });

  it("writes the content byte for byte", async () => {
    const out = join(scratchDir(), "demo");
    const files: BundleFile[] = [{ path: "blueprint.yaml", content: "naïve: 🚀\r\nno-newline", mode: 0o644 }];
    await write(files, out);
    expect(readFileSync(join(out, "blueprint.yaml"), "utf8")).toBe("naïve: 🚀\r\nno-newline");
  });
});
