import { describe, expect, it } from "vitest";
import { mapLimited, TaskPool } from "../src/task-pool.js";

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe("TaskPool", () => {
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

describe("mapLimited", () => {
  it("gives each item's result in the items' order, with at most `limit` tasks at a time", async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, n * 2));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it("after a failure starts no task, and rejects only once the running ones have settled", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error("boom");
      await tick();
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("boom");
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });
});
