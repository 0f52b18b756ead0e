import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";

/**
 * `plan-sync check` should cost little more than the Markdown parse it cannot
 * avoid (issue 14: ≤ 1.2× a bare remark process, measured by bench/cli.js).
 * What it must not do is load code an ordinary check does not run: zod (the
 * config schema and the plan model, ~0.1 s to load), the worker pool, the
 * GitHub client. A module loader hook lists what the real bin loads.
 */
const PLAN = "# Plan\n\n| Task ID | Description |\n|---|---|\n| T-1 | Write the parser |\n";

function loadedBy(cwd: string, args: string[]): string[] {
  const hook = join(cwd, "hook.mjs");
  writeFileSync(
    hook,
    'import { register } from "node:module";\n' +
      'register("data:text/javascript," + encodeURIComponent(' +
      '"export async function load(u, c, n) { if (u.startsWith(\\"file:\\")) process.stderr.write(\\"LOADED \\" + u + \\"\\\\n\\"); return n(u, c); }"));\n',
  );
  const run = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(hook).href, join(REPO_ROOT, "bin/plan-sync.js"), ...args],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return run.stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED "))
    .map((l) => l.slice("LOADED ".length));
}

const heavy = (urls: string[]) => urls.filter((u) => /node_modules\/(zod|piscina|probot|@octokit|yaml)\//.test(u));

describe("plan-sync check loads only what it runs", () => {
  it("reads and parses a plan without a config, loading no zod, worker pool or GitHub client", () => {
    const dir = tempRepo({ "plan.md": PLAN });
    const urls = loadedBy(dir, ["check", "plan.md"]);
    // The hook works: the parser was loaded.
    expect(urls.some((u) => u.includes("/lib/plan/parse-plan.js"))).toBe(true);
    expect(heavy(urls)).toEqual([]);
  });

  it("loads the YAML parser and the config schema only when there is a config to validate", () => {
    const dir = tempRepo({ "plan.md": PLAN, ".github/plan-sync.yml": "paths: ['**/*.md']\n" });
    const urls = loadedBy(dir, ["check", "plan.md"]);
    expect(urls.some((u) => /node_modules\/zod\//.test(u))).toBe(true);
    expect(urls.some((u) => /node_modules\/yaml\//.test(u))).toBe(true);
    expect(heavy(urls).filter((u) => !/node_modules\/(zod|yaml)\//.test(u))).toEqual([]);
  });
});
