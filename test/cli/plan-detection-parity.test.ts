import { afterEach, describe, expect, it } from "vitest";
import type { CheckJson } from "../../src/cli/check-report.js";
import { createSyncCommand } from "../../src/cli/sync-command.js";
import type { SyncJson } from "../../src/cli/sync/sync-report.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import { startApp, type TestApp } from "../support/start-app.js";
import { runCliIn } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";
import { isTaskIssue } from "../support/tracking-issues.js";

/**
 * Which files are plans is decided by the file's text AND its path: a
 * checklist without IDs is a plan in a file named like one (`TODO.md`), never
 * in a README, and nowhere else without a heading that says work. `plan-sync
 * check` (run over the repository, without naming files), `plan-sync sync`
 * (all plans of the repository) and the App's push must pick the same files
 * from the same repository, or a file passes `check` and is then ignored by
 * the App (or the reverse).
 */
const FILES: Record<string, string> = {
  // A plan by its name: no heading says "tasks".
  "TODO.md": "# Launch\n\n- [ ] Write the install guide\n- [x] Cut the first release\n",
  "docs/sprint-plan.md": "- [ ] Migrate the billing tables\n",
  // Never a plan: a README's checklist, even under a Tasks heading.
  "README.md": "# Tool\n\n## Tasks\n\n- [ ] Write docs\n- [x] Ship it\n",
  // Not a plan: a checklist in a file named like nothing, with no heading saying work.
  "docs/notes.md": "# Call notes\n\n- [ ] Ask the vendor about limits\n",
};
const PLANS = ["TODO.md", "docs/sprint-plan.md"];

let h: TestApp | undefined;
afterEach(async () => {
  h?.github.assertNoUnexpected();
  await h?.stop();
  h = undefined;
});

describe("check, sync and the App's push agree on which files are plans", () => {
  it("plan-sync check over the repository checks exactly the plans", async () => {
    const dir = tempRepo(FILES);
    const run = await runCliIn(dir, ["check", "--format", "json"]);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.files.map((f) => [f.path, f.tasks])).toEqual([
      ["TODO.md", 2],
      ["docs/sprint-plan.md", 1],
    ]);
  });

  it("the App's push and plan-sync sync pick the same plans and want the same issues", async () => {
    h = await startApp({ files: FILES });
    const token = h.github.model.mintToken(77);
    h.github.failNext({
      method: "GET",
      path: "/user",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    let stdout = "";
    const command = createSyncCommand({
      env: { GITHUB_TOKEN: token, GITHUB_API_URL: h.github.url },
      isTTY: false,
      pacer: () => new WritePacer({ timeScale: 10_000 }),
    });
    const code = await command.run(["--repo", "acme/plans", "--identity", h.github.botLogin, "--dry-run", "--json"], {
      stdout: (s) => void (stdout += s),
      stderr: () => {},
      cwd: "/",
    });
    expect(code, stdout).toBe(0);
    const json = JSON.parse(stdout) as SyncJson;
    expect(json.plans.map((p) => [p.path, p.tasks, p.counts.create])).toEqual([
      ["TODO.md", 2, 2],
      ["docs/sprint-plan.md", 1, 1],
    ]);

    // The App, on a push that touches every file.
    await h.push(Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, `${text}\n`])));
    await h.settle();
    // Task issues: each plan's tracking issue (on by default) is not a task.
    const issues = [...h.github.model.repo(h.repo)!.issues.values()].filter(isTaskIssue);
    expect(issues.map((i) => i.title).sort()).toEqual([
      "[TODO] cut-the-first-release: Cut the first release",
      "[TODO] write-the-install-guide: Write the install guide",
      "[sprint-plan] migrate-the-billing-tables: Migrate the billing tables",
    ]);
    expect(new Set(issues.map((i) => PLANS.find((p) => i.body?.includes(p))))).toEqual(new Set(PLANS));
  });
});
