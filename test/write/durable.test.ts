import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProbedDirectory } from "../../src/write/durable.js";
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
