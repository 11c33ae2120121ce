import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeNetwork } from "../../src/composition.js";
import { loadComposition } from "../../src/run/load-network.js";
import { validNetwork } from "../support/bundle.js";

describe("loadComposition", () => {
  it("names its directory with lane7's pid and removes those of dead runs, not of live ones", async () => {
    const dead = join(tmpdir(), "lane7-run-999999999-bi-pod-stale1");
    const live = join(tmpdir(), `lane7-run-${process.ppid}-bi-pod-live01`);
    for (const dir of [dead, live]) mkdirSync(join(dir, "pod-1", "app"), { recursive: true });
    const loaded = await loadComposition(composeNetwork(validNetwork("examples/bi-pod.yaml")));
    try {
      expect(basename(loaded.root)).toMatch(new RegExp(`^lane7-run-${process.pid}-bi-pod-`));
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await loaded.dispose();
      rmSync(live, { recursive: true, force: true });
    }
    expect(existsSync(loaded.root)).toBe(false);
  });
});
