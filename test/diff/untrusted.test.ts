import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readDirectorySide, readZipSide } from "../../src/diff/load-side.js";
import type { BundleFile } from "../../src/render/file.js";
import { composeExample } from "../support/bundle.js";
import { runCli, type CliRun } from "../support/cli.js";
import { TOO_DEEP_FOR_THE_PARSER } from "../support/deep-yaml.js";
import { zipBytes, type RawEntry } from "./zip-bytes.js";

/**
 * `lane7 diff` on hostile zips and bundles: every one is refused with one message naming the file, exit 2,
 * never a stack trace, an internal error or a silent comparison of something else.
 */
let dir: string;
let bundle: BundleFile[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lane7-untrusted-"));
  bundle = composeExample("bi-pod");
  writeZip("good.zip");
});

function entries(replace: Record<string, string> = {}): RawEntry[] {
  return bundle.map((file) => ({ name: `bi-pod/${file.path}`, content: replace[file.path] ?? file.content }));
}

function writeZip(name: string, zipped = entries()): string {
  writeFileSync(join(dir, name), zipBytes(zipped));
  return name;
}

function diff(...args: string[]): CliRun {
  return runCli(["diff", ...args], { cwd: dir });
}

function expectRefused(run: CliRun, message: RegExp): void {
  expect([run.code, run.stdout]).toEqual([2, ""]);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
}

/** `depth` levels of aliases, each ten of the one below: 10^depth nodes once expanded. */
function aliasBomb(depth: number): string {
  const levels = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
  for (let i = 1; i <= depth; i++)
    levels.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  return `${levels.join("\n")}\n`;
}

describe("lane7 diff on untrusted zips", () => {
  it("refuses a corrupt deflate stream, naming the entry", () => {
    const zipped = entries().map((entry) =>
      entry.name === "bi-pod/README.md" ? { ...entry, deflated: Buffer.alloc(64, 0xff) } : entry,
    );
    const run = diff("good.zip", writeZip("corrupt.zip", zipped));
    expectRefused(run, /^lane7: corrupt\.zip: not a readable zip \(bi-pod\/README\.md: /);
  });

  it("refuses a name given twice (unzip would extract another copy than the one compared)", () => {
    const zipped = [...entries(), { name: "bi-pod/README.md", content: "hidden\n" }];
    expectRefused(
      diff("good.zip", writeZip("twice.zip", zipped)),
      /twice\.zip: the zip holds bi-pod\/README\.md twice/,
    );
    const dotted = [...entries(), { name: "bi-pod/./README.md", content: "hidden\n" }];
    expectRefused(
      diff(writeZip("dotted.zip", dotted), "good.zip"),
      /dotted\.zip: the zip holds bi-pod\/\.\/README\.md twice/,
    );
  });

  it("refuses an alias bomb in a YAML file, naming the side and the file", () => {
    const run = diff("good.zip", writeZip("bomb.zip", entries({ "pod-1/01-namespace.yaml": aliasBomb(8) })));
    expectRefused(
      run,
      /^lane7: bomb\.zip: pod-1\/01-namespace\.yaml: its YAML aliases expand more than 100 times/,
    );
  });

  it("refuses a YAML file nesting too deep for the parser's stack, naming the side and the file", () => {
    const deep = entries({ "pod-1/01-namespace.yaml": TOO_DEEP_FOR_THE_PARSER });
    const run = diff("good.zip", writeZip("deep.zip", deep));
    expectRefused(run, /^lane7: deep\.zip: pod-1\/01-namespace\.yaml: its YAML nests too deep to read/);
  });

  it("refuses an alias bomb in a file that did not change, read only to find secret values", () => {
    const bomb = `kind: Secret\nmetadata: {name: s}\n${aliasBomb(8)}`;
    const old = writeZip("bomb-old.zip", entries({ "pod-1/02-secrets.yaml": bomb }));
    const next = writeZip(
      "bomb-new.zip",
      entries({ "pod-1/02-secrets.yaml": bomb, "README.md": "changed\n" }),
    );
    const run = diff(old, next);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pod-1\/02-secrets\.yaml: its YAML aliases expand more than 100 times/);
  });

  it("refuses a file beyond the per-file limit (a small zip holding one 17 MiB line), naming it and the limit", () => {
    const run = diff(
      "good.zip",
      writeZip("line.zip", entries({ "README.md": "x".repeat(17 * 1024 * 1024) })),
    );
    expectRefused(
      run,
      /^lane7: line\.zip: bi-pod\/README\.md is larger than 16 MiB, the most lane7 diff reads of one file$/m,
    );
  });
});

describe("read limits", () => {
  const limits = { fileBytes: 4096, totalBytes: 64 * 1024 };

  it("stop a bundle directory at a file too large and at too much in total", async () => {
    const root = mkdtempSync(join(dir, "limits-"));
    writeFileSync(join(root, "blueprint.yaml"), "kind: Blueprint\n");
    writeFileSync(join(root, "big.txt"), "x".repeat(4097));
    await expect(readDirectorySide(root, "big", limits)).rejects.toThrow(
      "big: big.txt is larger than 0.00390625 MiB, the most lane7 diff reads of one file",
    );
    writeFileSync(join(root, "big.txt"), "x".repeat(4096));
    mkdirSync(join(root, "many"));
    for (let i = 0; i < 16; i++) writeFileSync(join(root, "many", `${i}.txt`), "x".repeat(4000));
    await expect(readDirectorySide(root, "many", limits)).rejects.toThrow(
      /^many: more than 0\.0625 MiB to read/,
    );
  });

  it("stop a zip at too much in total, whatever its entries claim", async () => {
    const zipped = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, content: "y".repeat(4000) }));
    writeZip("many.zip", zipped);
    await expect(readZipSide(join(dir, "many.zip"), "many.zip", limits)).rejects.toThrow(
      /^many\.zip: more than 0\.0625 MiB to read \(at f16\)/,
    );
  });
});
