import { defineConfig } from "vitest/config";

/**
 * The tests StrykerJS runs against each mutant (`npm run mutate`): the unit tests of the mutated folders
 * (stryker.config.mjs `mutate`). Not the scenario, handler, CLI or end-to-end tests: they start servers or the
 * compiled `lib/` (a mutant lives only in `src/`), and on two cores they made a mutant cost ~5 s. The score is
 * therefore conservative: a mutant that only a scenario test would kill counts as survived.
 */
const folderTests = [
  "test/sync",
  "test/push",
  "test/plan",
  "test/write-back",
  "test/queue",
  // The SQLite and Redis job queues and the Redis pacer are tested in test/queue and test/github.
  "test/github",
];
// MUTATE_TESTS="test/sync,test/push" narrows the run to the tests of one folder (a quicker, more conservative score).
const include = process.env.MUTATE_TESTS?.split(",").filter(Boolean) ?? folderTests;

export default defineConfig({
  test: {
    include: include.map((glob) => (glob.endsWith(".ts") ? glob : `${glob.replace(/\/?\**$/, "")}/**/*.test.ts`)),
    exclude: [
      "test/e2e/**",
      "test/cli/bin.test.ts",
      "**/node_modules/**",
      // A 100-run fast-check property over the patcher: ~30 s for each patcher mutant. The patcher's example tests
      // (patch-plan, patch-splice, dialects-write-back) cover the same code.
      "test/plan/patch-property.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A mutant must never rewrite a golden file.
    update: "none",
    // Not `isolate: false` (it saved the re-import per mutant): nock interceptors and fake-server state leaked from
    // one test file into the next (test/github/gateway-fake-github.test.ts failed after octokit-gateway.test.ts).
  },
});
