import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeBundleDirectory } from "../../src/write/directory.js";
import { checkDirectoryTarget } from "../../src/write/target.js";
import { composeExample, readTree, type TreeFile } from "../support/bundle.js";
import { ROOT } from "../support/cli.js";
import { scratchDir } from "../write/fixtures.js";

/**
 * Whole-bundle goldens: test/goldens/<example>/ mirrors the bundle file for file, and
 * test/goldens/<example>.modes lists every file with its mode (git keeps only the executable bit).
 * `npm run update-goldens` (LANE7_UPDATE_GOLDENS=1) is the only way to rewrite them.
 */
const EXAMPLES = ["bi-pod", "agentic-ai"];
const GOLDENS = join(ROOT, "test/goldens");
const UPDATE = process.env.LANE7_UPDATE_GOLDENS === "1";
const HOW_TO_UPDATE = "if the change is intended, run `npm run update-goldens` and review the diff";

describe.each(EXAMPLES)("the %s bundle", (example) => {
  it(`matches test/goldens/${example}/ file for file, content and mode`, async () => {
    const out = join(scratchDir(), example);
    await writeBundleDirectory([composeExample(example)], await checkDirectoryTarget(out, false));
    const actual = readTree(out);
    if (UPDATE) writeGolden(example, actual);
    const golden = readGolden(example);
    expect(Object.keys(actual).sort(), `the file list changed; ${HOW_TO_UPDATE}`).toEqual(
      Object.keys(golden).sort(),
    );
    for (const [path, file] of Object.entries(actual)) {
      expect(file.content, `${path} changed; ${HOW_TO_UPDATE}`).toBe(golden[path]?.content);
      expect(file.mode.toString(8), `the mode of ${path} changed; ${HOW_TO_UPDATE}`).toBe(
        golden[path]?.mode.toString(8),
      );
    }
  });
});

describe("composeNetwork().files()", () => {
  it.each(EXAMPLES)(
    "returns the %s files sorted by path bytes, then their record, each path once, the same on every call",
    (example) => {
      const files = composeExample(example);
      const paths = files.map((file) => file.path);
      expect(paths.at(-1)).toBe(".lane7/files.json");
      const generated = paths.slice(0, -1);
      const byBytes = [...generated].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(generated).toEqual(byBytes);
      expect(new Set(paths).size).toBe(paths.length);
      expect(composeExample(example)).toEqual(files);
    },
  );
});

function readGolden(example: string): Record<string, TreeFile> {
  const modesFile = join(GOLDENS, `${example}.modes`);
  if (!existsSync(modesFile)) throw new Error(`no goldens for ${example}: run \`npm run update-goldens\``);
  const modes = new Map(
    readFileSync(modesFile, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => {
        const [mode = "", path = ""] = line.split(" ");
        return [path, Number.parseInt(mode, 8)];
      }),
  );
  const onDisk = readTree(join(GOLDENS, example));
  const paths = new Set([...modes.keys(), ...Object.keys(onDisk)]);
  return Object.fromEntries(
    [...paths].map((path) => [
      path,
      { content: onDisk[path]?.content ?? "(missing)", mode: modes.get(path) ?? 0 },
    ]),
  );
}

function writeGolden(example: string, tree: Record<string, TreeFile>): void {
  const dir = join(GOLDENS, example);
  rmSync(dir, { recursive: true, force: true });
  const paths = Object.keys(tree).sort();
  for (const path of paths) {
    const file = tree[path] as TreeFile;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), file.content);
    chmodSync(join(dir, path), file.mode);
  }
  const modes = paths.map(
    (path) => `${(tree[path] as TreeFile).mode.toString(8).padStart(4, "0")} ${path}\n`,
  );
  writeFileSync(join(GOLDENS, `${example}.modes`), modes.join(""));
}
