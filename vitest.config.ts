import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One file per core: many files wait on child processes (the built CLI, app.py pods), and Vitest's
    // default (cores - 1) runs one file at a time on 2 cores. More workers than cores starve the CPU-heavy ones.
    maxWorkers: availableParallelism(),
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
