import { describe, expect, it } from "vitest";
import { SharedPass } from "../../src/write/shared-pass.js";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const taken: T[] = [];
  for await (const item of items) taken.push(item);
  return taken;
}

async function* source(items: number[], failure?: Error): AsyncGenerator<number> {
  await Promise.resolve();
  yield* items;
  if (failure !== undefined) throw failure;
}

describe("SharedPass", () => {
  it("gives both consumers every item, in order, from one pass over the source", async () => {
    let pulled = 0;
    const pass = new SharedPass(
      (async function* () {
        for (const item of [1, 2, 3]) {
          await Promise.resolve();
          pulled++;
          yield item;
        }
      })(),
    );
    const [led, followed] = await Promise.all([all(pass.leader()), all(pass.follower())]);
    expect(led).toEqual([1, 2, 3]);
    expect(followed).toEqual([1, 2, 3]);
    expect(pulled).toBe(3);
  });

  it("fails the follower with the source's failure", async () => {
    const boom = new Error("boom");
    const pass = new SharedPass(source([1, 2], boom));
    const following = all(pass.follower());
    await expect(all(pass.leader())).rejects.toBe(boom);
    await expect(following).rejects.toBe(boom);
  });

  it("fails the follower when the leader stops early, never ending it as if complete", async () => {
    const pass = new SharedPass(source([1, 2, 3]));
    const following = all(pass.follower());
    for await (const item of pass.leader()) if (item === 1) break;
    await expect(following).rejects.toThrow(/stopped early/);
  });

  it("fails the leader at its next item once the follower has failed", async () => {
    const zipFailed = new Error("zip failed");
    const pass = new SharedPass(source([1, 2, 3]));
    const led: number[] = [];
    await expect(
      (async () => {
        for await (const item of pass.leader()) {
          led.push(item);
          pass.stop(zipFailed);
        }
      })(),
    ).rejects.toBe(zipFailed);
    expect(led).toEqual([1]);
  });
});
