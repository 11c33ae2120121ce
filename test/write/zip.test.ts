import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkDisjoint, checkZipTarget } from "../../src/write/target.js";
import { writeZipFile, zipBundle } from "../../src/write/zip.js";
import { readZip } from "../support/bundle.js";
import type { CarriedEntry } from "../../src/write/carried.js";
import { sampleBundle, scratchDir, tempEntries } from "./fixtures.js";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

async function writeZip(path: string, force = false, version = "1", secret = false): Promise<void> {
  await writeZipFile([sampleBundle(version)], "demo", await checkZipTarget(path, force), secret);
}

describe("zipBundle", () => {
  it("stores every file and directory under <name>/, sorted, with fixed modes and the 1980-01-01 date", async () => {
    const path = join(scratchDir(), "demo.zip");
    await writeZip(path);
    const entries = readZip(path);
    expect(entries.map((entry) => [entry.name, entry.mode.toString(8), entry.directory])).toEqual([
      ["demo/", "755", true],
      ["demo/.lane7/", "755", true],
      ["demo/.lane7/files.json", "644", false],
      ["demo/README.md", "644", false],
      ["demo/blueprint.yaml", "644", false],
      ["demo/deploy.sh", "755", false],
      ["demo/gw/", "755", true],
      ["demo/gw/01-namespace.yaml", "644", false],
      ["demo/gw/02-secrets.yaml", "600", false],
      ["demo/gw/app/", "755", true],
      ["demo/gw/app/requirements.txt", "644", false],
    ]);
    for (const entry of entries) expect(entry.dateTime).toEqual([1980, 1, 1, 0, 0, 0]);
    const byName = Object.fromEntries(entries.map((entry) => [entry.name, entry.content]));
    for (const file of sampleBundle()) expect(byName[`demo/${file.path}`]).toBe(file.content);
  });

  it("stores carried entries last, with their modes, links as links, and the fixed date", async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, "helper.py"), "HELP = 1\n");
    const carried: CarriedEntry[] = [
      { kind: "file", path: "gw/app/helper.py", mode: 0o640, source: join(dir, "helper.py") },
      { kind: "symlink", path: "gw/app/link", target: "helper.py" },
      { kind: "file", path: "notes/NOTES.md", mode: 0o600, content: Buffer.from("# notes\n") },
    ];
    const path = join(dir, "demo.zip");
    writeFileSync(path, await zipBundle([sampleBundle()], "demo", () => carried));
    const entries = readZip(path);
    expect(entries.slice(-4).map((entry) => [entry.name, entry.mode.toString(8), entry.content])).toEqual([
      ["demo/gw/app/helper.py", "640", "HELP = 1\n"],
      ["demo/gw/app/link", "777", "helper.py"],
      ["demo/notes/", "755", ""],
      ["demo/notes/NOTES.md", "600", "# notes\n"],
    ]);
    for (const entry of entries) expect(entry.dateTime).toEqual([1980, 1, 1, 0, 0, 0]);
  });

  it("gives the same bytes for the same files, whatever their order or the time zone", async () => {
    const files = sampleBundle();
    const first = await zipBundle([files], "demo");
    const tz = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      expect(new Date(0).getTimezoneOffset()).not.toBe(0);
      expect(sha256(await zipBundle([[...files].reverse()], "demo"))).toBe(sha256(first));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("changes when a file's content or mode changes", async () => {
    const files = sampleBundle();
    const base = sha256(await zipBundle([files], "demo"));
    const edited = files.map((file) =>
      file.path === "README.md" ? { ...file, content: "# other\n" } : file,
    );
    const modeChanged = files.map((file) =>
      file.path === "deploy.sh" ? { ...file, mode: 0o644 as const } : file,
    );
    expect(sha256(await zipBundle([edited], "demo"))).not.toBe(base);
    expect(sha256(await zipBundle([modeChanged], "demo"))).not.toBe(base);
  });
});

describe("writeZipFile", () => {
  it("writes the zip (0644) and leaves no scratch beside it", async () => {
    const dir = scratchDir();
    const path = join(dir, "nested", "demo.zip");
    await writeZip(path);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(tempEntries(join(dir, "nested"))).toEqual([]);
  });

  it("writes, as it streams the groups, the bytes zipBundle makes of them", async () => {
    const path = join(scratchDir(), "demo.zip");
    const files = sampleBundle("1");
    const groups = async function* () {
      yield await Promise.resolve(files.slice(0, 2));
      yield files.slice(2);
    };
    await writeZipFile(groups(), "demo", await checkZipTarget(path, false), false);
    expect(sha256(readFileSync(path))).toBe(sha256(await zipBundle(groups(), "demo")));
  });

  it("leaves the old zip and no scratch when the groups fail halfway", async () => {
    const dir = scratchDir();
    const path = join(dir, "demo.zip");
    await writeZip(path, false, "old");
    const before = readFileSync(path);
    const failing = async function* () {
      yield await Promise.resolve(sampleBundle("new").slice(0, 2));
      throw new Error("a renderer failed");
    };
    await expect(writeZipFile(failing(), "demo", await checkZipTarget(path, true), false)).rejects.toThrow(
      /a renderer failed/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(tempEntries(dir)).toEqual([]);
  });

  it("writes a zip holding credentials 0600, also when it replaces a 0644 one", async () => {
    const path = join(scratchDir(), "demo.zip");
    await writeZip(path);
    await writeZip(path, true, "2", true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("replaces an existing zip only with --force", async () => {
    const dir = scratchDir();
    const path = join(dir, "demo.zip");
    await writeZip(path, false, "old");
    await expect(checkZipTarget(path, false)).rejects.toThrow(/pass --force/);
    await writeZip(path, true, "new");
    expect(readZip(path).find((entry) => entry.name === "demo/README.md")?.content).toBe("# demo new\n");
    expect(tempEntries(dir)).toEqual([]);
  });

  it("never replaces a file that is not a zip, nor a directory", async () => {
    const dir = scratchDir();
    const path = join(dir, "network.yaml");
    writeFileSync(path, "apiVersion: lane7/v1\n");
    await expect(checkZipTarget(path, true)).rejects.toThrow(/is not a zip file/);
    await expect(checkZipTarget(dir, true)).rejects.toThrow(/is not a file/);
    expect(readFileSync(path, "utf8")).toBe("apiVersion: lane7/v1\n");
  });

  it("refuses a zip inside the bundle directory", () => {
    expect(() => {
      checkDisjoint("/x/demo", "/x/demo/demo.zip");
    }).toThrow(/inside the bundle directory/);
    expect(() => {
      checkDisjoint("/x/demo", "/x/demo.zip");
    }).not.toThrow();
    expect(() => {
      checkDisjoint("/x/demo", "/x/demo/..zip");
    }).toThrow(/inside the bundle directory/);
  });
});
