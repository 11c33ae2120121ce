import { configDefaults, defineConfig } from "vitest/config";

const CLUSTER_TESTS = "test/cluster/**/*.test.ts";

export default defineConfig({
  test: {
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
