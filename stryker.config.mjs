// Mutation testing of the core and the GitHub adapter: `npm run mutate` (not in CI: hours on two cores).
// One folder at a time: `npm run mutate -- --mutate "src/sync/**/*.ts"`. See docs/testing.md.
// MUTATE_REPORT=sync names the report files, so folder runs do not overwrite each other.
const report = `reports/mutation/${process.env.MUTATE_REPORT ?? "all"}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  // Only the in-process tests: the e2e and bin tests run lib/, which a mutant of src/ never reaches.
  // related: false — with perTest coverage Stryker already names the tests to run; vitest's module-graph search for
  // related files only cost time per mutant.
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  // Each mutant runs only the tests that cover it.
  coverageAnalysis: "perTest",
  // Two shared cores: one vitest worker, and one mutant at a time.
  concurrency: 1,
  mutate: [
    "src/sync/**/*.ts",
    "src/plan/**/*.ts",
    "src/write-back/**/*.ts",
    "src/queue/**/*.ts",
    "src/github/**/*.ts",
    // Types and zod schemas only: nothing a test could observe at run time.
    "!src/**/types.ts",
  ],
  // A mutant in a module-level constant would need the whole suite per mutant: skipped and counted as ignored.
  ignoreStatic: true,
  // Re-runs only mutants whose code or covering tests changed since the last run on this machine.
  incremental: true,
  incrementalFile: `${report}.incremental.json`,
  // lib/ is copied into the sandbox: tests that parse through the worker pool load lib/parse-worker/worker.js
  // (`npm run mutate` builds it first). A mutant of src/ never reaches lib/.
  ignorePatterns: ["reports", "coverage", "bench", ".stryker-tmp", "dist"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  // A mutant that hangs (a wait that never ends, a loop that never stops) is killed by the timeout: 3× the covering
  // tests' time in the initial run (measured at the same load) + 10 s. At 20 s, the queue's hanging mutants took over
  // half of a file run's time (each also restarts the test runner); vitest.mutate.config.ts fails a hung test first.
  timeoutFactor: 3,
  timeoutMS: 10_000,
  // The initial run covers the whole in-process suite, instrumented: minutes on a loaded machine.
  dryRunTimeoutMinutes: 40,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: null },
};
