import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProbedDirectory, TaskPool } from "../../src/write/durable.js";
import { scratchDir } from "./fixtures.js";

async function probedUnder(umask: number): Promise<{ keeps: (mode: number) => boolean; mode: number }> {
  const path = join(scratchDir(), "root");
  const previous = process.umask(umask);
  try {
    const keeps = await makeProbedDirectory(path);
    return { keeps, mode: statSync(path).mode & 0o7777 };
  } finally {
    process.umask(previous);
  }
}

describe("makeProbedDirectory", () => {
  it("under a umask that takes nothing from 0755, vouches for the bundle's modes and nothing wider", async () => {
    const { keeps, mode } = await probedUnder(0o022);
    expect(mode).toBe(0o755);
    expect([0o644, 0o755, 0o600].map(keeps)).toEqual([true, true, true]);
    expect([0o664, 0o777].map(keeps)).toEqual([false, false]);
  });

  it("under a restrictive umask, vouches for no mode, and the directory is still 0755", async () => {
    const { keeps, mode } = await probedUnder(0o077);
    expect(mode).toBe(0o755);
    expect([0o644, 0o755, 0o600].map(keeps)).toEqual([false, false, false]);
  });
});

describe("TaskPool", () => {
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

  it("runs at most `limit` tasks at a time", async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 10; i++) {
      await pool.add(async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
      });
    }
    await pool.settle();
    expect(most).toBe(3);
    expect(running).toBe(0);
  });

  it("after a failure starts no task, and settles only once the running ones have", async () => {
    const pool = new TaskPool(2);
    const finished: string[] = [];
    await pool.add(() => Promise.reject(new Error("boom")));
    await pool.add(async () => {
      await tick();
      finished.push("slow");
    });
    const late = (): Promise<void> => {
      finished.push("late");
      return Promise.resolve();
    };
    await expect(pool.add(late)).rejects.toThrow("boom");
    await expect(pool.settle()).rejects.toThrow("boom");
    expect(finished).toEqual(["slow"]);
  });
});
