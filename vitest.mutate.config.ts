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

const testGlobs = include.map((glob) => (glob.endsWith(".ts") ? glob : `${glob.replace(/\/?\**$/, "")}/**/*.test.ts`));

/**
 * Test files that keep state between files in one worker (nock interceptors, the fake GitHub's recorded requests):
 * they run isolated, each in a fresh worker. test/github/gateway-fake-github.test.ts failed after
 * octokit-gateway.test.ts when every file shared one worker.
 */
const needIsolation = [
  "test/github/octokit-gateway.test.ts",
  "test/github/octokit-options.test.ts",
  "test/github/gateway-fake-github.test.ts",
].filter((file) => include.some((glob) => file === glob || file.startsWith(`${glob.replace(/\/?\**$/, "")}/`)));
const exclude = [
  "test/e2e/**",
  "test/cli/bin.test.ts",
  "**/node_modules/**",
  // A 100-run fast-check property over the patcher: ~30 s for each patcher mutant. The patcher's example tests
  // (patch-plan, patch-splice, dialects-write-back) cover the same code.
  "test/plan/patch-property.test.ts",
];

export default defineConfig({
  test: {
    exclude,
    // A test that a mutant makes wait forever fails here (killed) before Stryker's own timeout, which would also
    // restart the test runner (seconds on this machine). In-process tests take well under a second each.
    // MUTATE_TEST_TIMEOUT (ms) raises it on a loaded machine, where the instrumented initial run of the heaviest tests
    // (2,000-task plans, thousands of schema checks) passes 8 s and Stryker stops before testing any mutant.
    testTimeout: Number(process.env.MUTATE_TEST_TIMEOUT ?? 8_000),
    hookTimeout: 60_000,
    // A mutant must never rewrite a golden file.
    update: "none",
    projects: [
      // Every other test file runs in the worker of the one before it (`isolate: false`): a mutant then costs its
      // covering tests, not a fresh worker re-importing vitest and the module graph per file. Stryker switches the
      // active mutant at run time, so modules imported by an earlier mutant's run are still correct.
      {
        extends: true,
        test: { name: "shared", include: testGlobs, exclude: [...exclude, ...needIsolation], isolate: false },
      },
      {
        extends: true,
        test: { name: "isolated", include: needIsolation, isolate: true },
      },
    ],
  },
});
