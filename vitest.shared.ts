import { defineConfig } from "vitest/config";

/**
 * Shared vitest settings. Tests resolve workspace packages through the
 * `@qmskit/source` export condition, so they run against `src/` without a build.
 */
export default defineConfig({
  resolve: { conditions: ["@qmskit/source"] },
  ssr: { resolve: { conditions: ["@qmskit/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    env: { TZ: "UTC" },
    testTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
});
