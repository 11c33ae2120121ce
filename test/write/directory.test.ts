import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BundleFile } from "../../src/render/file.js";
import { writeBundleDirectory } from "../../src/write/directory.js";
import { WriteError } from "../../src/write/errors.js";
import { checkDirectoryTarget } from "../../src/write/target.js";
import { readTree, treeOf } from "../support/bundle.js";
import type { CarriedEntry } from "../../src/write/carried.js";
import { SAMPLE_BLUEPRINT, sampleBundle, scratchDir, tempEntries } from "./fixtures.js";

/** The files in groups as the renderer gives them: each top-level file alone, each directory together. */
function groupsOf(files: readonly BundleFile[]): BundleFile[][] {
  const groups = new Map<string, BundleFile[]>();
  for (const file of files) {
    const top = file.path.includes("/") ? (file.path.split("/", 1)[0] ?? "") : file.path;
    groups.set(top, [...(groups.get(top) ?? []), file]);
  }
  return [...groups.values()];
}

async function write(files: BundleFile[], path: string, force = false): Promise<void> {
  await writeBundleDirectory([files], await checkDirectoryTarget(path, force));
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

  it("refuses a hand-made blueprint.yaml of kind Blueprint: only lane7's record makes a bundle", async () => {
    const out = join(scratchDir(), "hand-made");
    mkdirSync(out);
    writeFileSync(join(out, "blueprint.yaml"), SAMPLE_BLUEPRINT);
    await expect(checkDirectoryTarget(out, true)).rejects.toThrow(
      /is not a lane7 bundle \(it has no \.lane7\/files\.json, the record lane7 writes\)/,
    );
  });

  it.each([
    [
      "a record that does not parse",
      ".lane7/files.json",
      "{}\n",
      /files\.json is not a lane7 record \(format:/,
    ],
    [
      "another network's blueprint.yaml",
      "blueprint.yaml",
      SAMPLE_BLUEPRINT.replace("demo", "other"),
      /is for the network "demo", its blueprint\.yaml for "other"/,
    ],
    [
      "a blueprint.yaml the record does not know",
      "blueprint.yaml",
      `${SAMPLE_BLUEPRINT}# edited\n`,
      /its blueprint\.yaml is not the one its \.lane7\/files\.json records/,
    ],
  ])("refuses a bundle with %s", async (_, path, content, message) => {
    const out = join(scratchDir(), "demo");
    await write(sampleBundle(), out);
    writeFileSync(join(out, path), content);
    await expect(checkDirectoryTarget(out, true)).rejects.toThrow(message);
  });

  it.each([
    ["before its pods, as lane7 writes it", "network:\n  name: demo\npods:\n  - id: gw\n"],
    ["after its pods", "pods:\n  - id: gw\nnetwork:\n  name: demo\n"],
  ])("knows a bundle whose blueprint.yaml names the network %s", async (_, body) => {
    const out = join(scratchDir(), "demo");
    await write(sampleBundle("1", [], `apiVersion: lane7/v1\nkind: Blueprint\n${body}`), out);
    await expect(checkDirectoryTarget(out, true)).resolves.toMatchObject({ replaces: "bundle" });
  });

  it("refuses a recorded blueprint.yaml whose head names another network", async () => {
    const out = join(scratchDir(), "demo");
    const blueprint = "apiVersion: lane7/v1\nkind: Blueprint\nnetwork:\n  name: other\npods: []\n";
    await write(sampleBundle("1", [], blueprint), out);
    await expect(checkDirectoryTarget(out, true)).rejects.toThrow(
      /is for the network "demo", its blueprint\.yaml for "other"/,
    );
  });

  it("refuses a bundle missing a file its record lists, or holding a link in its place", async () => {
    const out = join(scratchDir(), "demo");
    await write(sampleBundle(), out);
    rmSync(join(out, "deploy.sh"));
    await expect(checkDirectoryTarget(out, true)).rejects.toThrow(
      /deploy\.sh, listed in its \.lane7\/files\.json, is missing or not a regular file/,
    );
    symlinkSync("README.md", join(out, "deploy.sh"));
    await expect(checkDirectoryTarget(out, true)).rejects.toThrow(/deploy\.sh, listed in its/);
  });

  it("copies carried entries into the new bundle, and on a failed copy leaves the old bundle as it was", async () => {
    const parent = scratchDir();
    const out = join(parent, "demo");
    await write(sampleBundle("old"), out);
    writeFileSync(join(parent, "mine.txt"), "mine\n");
    const carried: CarriedEntry[] = [
      { kind: "file", path: "notes/mine.txt", mode: 0o640, source: join(parent, "mine.txt") },
      { kind: "symlink", path: "notes/link", target: "mine.txt" },
      { kind: "directory", path: "empty", mode: 0o700 },
    ];
    await writeBundleDirectory([sampleBundle("new")], await checkDirectoryTarget(out, true), {
      carried: () => carried,
    });
    expect(readFileSync(join(out, "notes/mine.txt"), "utf8")).toBe("mine\n");
    expect(statSync(join(out, "notes/mine.txt")).mode & 0o777).toBe(0o640);
    expect(readlinkSync(join(out, "notes/link"))).toBe("mine.txt");
    expect(statSync(join(out, "empty")).mode & 0o777).toBe(0o700);

    const before = readTree(out);
    const missing: CarriedEntry[] = [
      { kind: "file", path: "gone.txt", mode: 0o644, source: join(parent, "nope") },
    ];
    await expect(
      writeBundleDirectory([sampleBundle("newer")], await checkDirectoryTarget(out, true), {
        carried: () => missing,
      }),
    ).rejects.toBeInstanceOf(WriteError);
    expect(readTree(out)).toEqual(before);
    expect(tempEntries(parent)).toEqual([]);
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
    await write(sampleBundle("old", [{ path: "gone.txt", content: "old\n", mode: 0o644 }]), out);
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

  it("writes each group as it arrives, before the next is asked for", async () => {
    const parent = scratchDir();
    const [first, ...rest] = groupsOf(sampleBundle());
    const written: string[] = [];
    let firstWritten: () => void = () => undefined;
    const firstDone = new Promise<void>((resolve) => (firstWritten = resolve));
    const groups = (async function* () {
      yield first ?? [];
      // A writer that waited for all the groups would never get here.
      await Promise.race([firstDone, new Promise((_, reject) => setTimeout(reject, 5000, "not written"))]);
      yield* rest;
    })();
    const count = await writeBundleDirectory(
      groups,
      await checkDirectoryTarget(join(parent, "demo"), false),
      {
        onProgress: (group) => {
          written.push(...group.map((file) => file.path));
          if (group === first) firstWritten();
        },
      },
    );
    expect(count).toBe(sampleBundle().length);
    expect(written.sort()).toEqual(
      sampleBundle()
        .map((file) => file.path)
        .sort(),
    );
    expect(readTree(join(parent, "demo"))).toEqual(treeOf(sampleBundle()));
  });

  it.each([
    ["the renderer fails (its error is no write error)", new Error("render worker: boom"), false],
    ["a later group cannot be written", undefined, true],
  ])(
    "when %s in the middle, leaves nothing new and the old bundle as it was",
    async (_, failure, isWriteError) => {
      const parent = scratchDir();
      const out = join(parent, "demo");
      await write(sampleBundle("old"), out);
      const before = readTree(out);
      const clash: BundleFile = { path: "gw", content: "a file where a directory is\n", mode: 0o644 };
      const groups = (async function* () {
        await Promise.resolve();
        yield* groupsOf(sampleBundle("new")).slice(0, 4);
        if (failure !== undefined) throw failure;
        yield [clash];
      })();
      const error: unknown = await writeBundleDirectory(groups, await checkDirectoryTarget(out, true)).catch(
        (caught: unknown) => caught,
      );
      expect(error instanceof WriteError).toBe(isWriteError);
      if (failure !== undefined) expect(error).toBe(failure);
      expect(readTree(out)).toEqual(before);
      expect(tempEntries(parent)).toEqual([]);
    },
  );

  it("leaves no new directory when what runs before the rename fails", async () => {
    const parent = scratchDir();
    const out = join(parent, "demo");
    const beforeInstall = (): Promise<void> => Promise.reject(new Error("the zip failed"));
    await expect(
      writeBundleDirectory([sampleBundle()], await checkDirectoryTarget(out, false), { beforeInstall }),
    ).rejects.toThrow(/the zip failed/);
    expect(existsSync(out)).toBe(false);
    expect(tempEntries(parent)).toEqual([]);
  });

  it("writes the content byte for byte", async () => {
    const out = join(scratchDir(), "demo");
    const files: BundleFile[] = [{ path: "blueprint.yaml", content: "naïve: 🚀\r\nno-newline", mode: 0o644 }];
    await write(files, out);
    expect(readFileSync(join(out, "blueprint.yaml"), "utf8")).toBe("naïve: 🚀\r\nno-newline");
  });
});
