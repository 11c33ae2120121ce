import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

const CLUSTER_TESTS = "test/cluster/**/*.test.ts";

export default defineConfig({
  test: {
    // One file per core: many files wait on child processes (the built CLI, app.py pods), and Vitest's
    // default (cores - 1) runs one file at a time on 2 cores. More workers than cores starve the CPU-heavy ones.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, CLUSTER_TESTS],
        },
      },
      // A project of their own, so that the API server starts only when cluster tests run.
      {
        extends: true,
        test: {
          name: "cluster",
          include: [CLUSTER_TESTS],
          globalSetup: ["test/support/cluster-setup.ts"],
        },
      },
    ],
  },
});
