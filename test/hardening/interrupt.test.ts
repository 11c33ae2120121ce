import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  watch,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readTree, type TreeFile } from "../support/bundle.js";
import { BIN } from "../support/cli.js";

/**
 * Interrupted writes: `compose --force` replacing a bundle is killed (SIGKILL: no handler runs) at random
 * moments of its write, counted from when its scratch directory appears beside the target (Node's start-up
 * and the rendering before it take a while, and longer on a busy machine). The target must then hold the
 * old bundle or the new one, never a mix; the next run leaves no stray temporary directory beside it.
 */
function network(name: string, pods: number): string {
  const ids = Array.from({ length: pods }, (_, i) => `worker-${i}`);
  return [
    "apiVersion: lane7/v1",
    "kind: Network",
    `metadata: {name: ${name}}`,
    "spec:",
    "  pods:",
    "    - {id: source, role: initiator}",
    ...ids.map((id) => `    - {id: ${id}, role: terminator}`),
    "  edges:",
    ...ids.map((id) => `    - {from: source, to: ${id}}`),
    "",
  ].join("\n");
}

function composeSync(file: string, out: string): void {
  const run = spawnSync(process.execPath, [BIN, "compose", file, "-o", out, "--force"], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
}

/**
 * `lane7 compose <file> -o <target> --force`, started; `writing` resolves when its scratch directory appears
 * beside the target (the write has begun), or when it exits before that.
 */
function startCompose(file: string, target: string) {
  const child = spawn(process.execPath, [BIN, "compose", file, "-o", target, "--force"], { stdio: "ignore" });
  const exited = new Promise<number | null>((done) => child.once("exit", done));
  const parent = dirname(target);
  const writing = new Promise<void>((done) => {
    const finish = () => {
      watcher.close();
      done();
    };
    const check = () => {
      if (readdirSync(parent).some((entry) => entry.startsWith(".lane7-tmp-"))) finish();
    };
    const watcher = watch(parent, check);
    void exited.then(finish);
    check();
  });
  return { child, exited, writing };
}

/** How long composing `file` into a fresh `target` writes for, from its scratch directory to its exit. */
async function writeMs(file: string, target: string): Promise<number> {
  const compose = startCompose(file, target);
  await compose.writing;
  const begun = performance.now();
  expect(await compose.exited).toBe(0);
  return performance.now() - begun;
}

/** Resolves once process `pid` is stopped (Linux: state `T` in /proc/<pid>/stat). */
async function stopped(pid: number): Promise<void> {
  for (;;) {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("T")) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

function sameTree(a: Record<string, TreeFile>, b: Record<string, TreeFile>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

describe("interrupted compose --force", () => {
  const work = mkdtempSync(join(tmpdir(), "lane7-interrupt-"));
  const oldFile = join(work, "old.yaml");
  const newFile = join(work, "new.yaml");
  // Same network name, so both bundles live in the same folder; the new one has some 250 files to write.
  writeFileSync(oldFile, network("fleet", 3));
  writeFileSync(newFile, network("fleet", 40));
  const referenceOld = join(work, "reference-old", "fleet");
  const referenceNew = join(work, "reference-new", "fleet");
  composeSync(oldFile, referenceOld);
  const oldTree = readTree(referenceOld);
  let newTree: Record<string, TreeFile> = {};
  let writing = 0;
  beforeAll(async () => {
    mkdirSync(dirname(referenceNew));
    writing = await writeMs(newFile, referenceNew);
    newTree = readTree(referenceNew);
  });

  it("leaves the old bundle or the new one, and the next run cleans up", async () => {
    await fc.assert(
      // When to kill, as a share of how long the write takes: a little more than all of it, so that some
      // kills come when it is done.
      fc.asyncProperty(fc.integer({ min: 0, max: 120 }), async (percent) => {
        const parent = mkdtempSync(join(work, "case-"));
        const target = join(parent, "fleet");
        cpSync(referenceOld, target, { recursive: true });
        const compose = startCompose(newFile, target);
        await compose.writing;
        const delay = Math.round((writing * percent) / 100);
        await Promise.race([new Promise((done) => setTimeout(done, delay)), compose.exited]);
        compose.child.kill("SIGKILL");
        await compose.exited;

        const tree = readTree(target);
        expect(
          sameTree(tree, oldTree) || sameTree(tree, newTree),
          `after a kill ${delay} ms into a write of about ${Math.round(writing)} ms`,
        ).toBe(true);

        composeSync(oldFile, target);
        expect(sameTree(readTree(target), oldTree)).toBe(true);
        expect(readdirSync(parent)).toEqual(["fleet"]);
      }),
      { seed: 4242, numRuns: 12 },
    );
  }, 300_000);

  // The old bundle is renamed aside, then the new one into place: a kill between the two renames leaves
  // no bundle at the target, only the two hidden copies. The next run must put the old one back.
  it.runIf(process.platform === "linux")(
    "restores the old bundle after a kill between the two renames of the swap",
    async () => {
      const parent = mkdtempSync(join(work, "swap-"));
      const target = join(parent, "fleet");
      const smallNewFile = join(work, "small-new.yaml");
      writeFileSync(smallNewFile, network("fleet", 5));
      composeSync(smallNewFile, join(work, "reference-small-new"));
      composeSync(oldFile, target);
      const child = spawn(process.execPath, [BIN, "compose", smallNewFile, "-o", target, "--force"], {
        stdio: "ignore",
        env: { ...process.env, LANE7_TEST_PAUSE_BETWEEN_RENAMES: "1" },
      });
      const exited = new Promise((done) => child.once("exit", done));
      await stopped(child.pid ?? 0);
      expect(existsSync(target)).toBe(false);
      child.kill("SIGKILL");
      await exited;
      expect(readdirSync(parent)).toHaveLength(2);

      const again = spawnSync(process.execPath, [BIN, "compose", smallNewFile, "-o", target], {
        encoding: "utf8",
      });
      expect(again.stderr).toMatch(/already holds a lane7 bundle; pass --force/);
      expect(sameTree(readTree(target), oldTree)).toBe(true);
      expect(readdirSync(parent)).toEqual(["fleet"]);

      composeSync(smallNewFile, target);
      expect(sameTree(readTree(target), readTree(join(work, "reference-small-new")))).toBe(true);
      expect(readdirSync(parent)).toEqual(["fleet"]);
    },
    60_000,
  );
});
