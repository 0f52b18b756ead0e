import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Golden files (toMatchFileSnapshot) are never written by a test run: a missing or
    // obsolete one fails. `UPDATE_GOLDEN=1 npm test` (or `vitest -u`) writes them (docs/testing.md).
    update: process.env.UPDATE_GOLDEN === "1" ? "all" : "none",
  },
});
