import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/servers.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Integration files each get their own databases, but share two CPU cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
