import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Most files wait on child processes (the built CLI, app.py pods) more than they compute, so a couple of
    // workers more than cores keep the cores busy; Vitest's default (cores - 1) runs one file at a time on 2.
    maxWorkers: availableParallelism() + 2,
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
