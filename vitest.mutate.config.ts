import { defineConfig } from "vitest/config";

/**
 * The tests StrykerJS runs against each mutant (`npm run mutate`): the in-process
 * unit, scenario and fake-GitHub tests. Not the end-to-end tests or the `bin/`
 * test, which run the compiled `lib/` (a mutant lives only in `src/`) and start
 * real servers: minutes per mutant on two cores, and they could not see it anyway.
 */
// MUTATE_TESTS="test/sync/**,test/push/**" narrows the run to the tests of one folder: a quicker,
// conservative score (a mutant only other tests would kill counts as survived).
const include = process.env.MUTATE_TESTS?.split(",").filter(Boolean) ?? ["test/**/*.test.ts"];

export default defineConfig({
  test: {
    include: include.map((glob) => (glob.endsWith(".ts") ? glob : `${glob.replace(/\/?\**$/, "")}/**/*.test.ts`)),
    exclude: ["test/e2e/**", "test/cli/bin.test.ts", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A mutant must never rewrite a golden file.
    update: "none",
  },
});
