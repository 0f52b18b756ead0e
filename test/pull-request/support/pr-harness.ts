import type { Probot } from "probot";
import { DEFAULT_CONFIG } from "../../../src/config/config-schema.js";
import { parsePlan } from "../../../src/plan/parse-plan.js";
import { testApp } from "../../app/support/test-runtime.js";
import { renderIssue } from "../../../src/render/issue-render.js";
import { FakeGitHub, type RecordedRequest, type RepoRef } from "../../support/fake-github/index.js";
import { createTestProbot } from "../../support/probot-app.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../../support/search-plan.js";

export { PLAN, PLAN_PATH };

export interface PrHarness {
  fake: FakeGitHub;
  repo: RepoRef;
  probot: Probot;
  /** Issue numbers of the app's task issues, by task ID, as a push sync of PLAN would have left them. */
  issues: Record<string, number>;
  /** Pushes `files` to `branch` (of `fork` when given) and opens a pull request from it. */
  openPr(input: {
    branch: string;
    files: Record<string, string | null>;
    title?: string;
    body?: string;
    fork?: RepoRef;
  }): number;
  /** One more commit on the PR's branch. */
  push(branch: string, files: Record<string, string | null>, fork?: RepoRef): void;
  deliver(
    prNumber: number,
    action: "opened" | "synchronize" | "reopened" | "edited",
    opts?: { changes?: Record<string, unknown> },
  ): Promise<void>;
  /** Someone comments on the PR, and GitHub delivers issue_comment.created. */
  comment(prNumber: number, body: string, login?: string): Promise<void>;
  settle(): Promise<void>;
  /** Our status comments on a PR. */
  statusComments(prNumber: number): Array<{ id: number; body: string }>;
  writes(): RecordedRequest[];
  commentWrites(): RecordedRequest[];
  stop(): Promise<void>;
}

let delivery = 0;

export async function startPrHarness(
  opts: { files?: Record<string, string>; seedIssues?: boolean } = {},
): Promise<PrHarness> {
  const fake = new FakeGitHub();
  await fake.start();
  const repo = fake.createRepo("acme/plans", {
    files: opts.files ?? { [PLAN_PATH]: PLAN, "README.md": "# plans\n" },
    installationId: 77,
  });
  const app = testApp();
  const probot = await createTestProbot(fake, app.app);

  const issues: Record<string, number> = {};
  if (opts.seedIssues !== false) {
    const plan = parsePlan(PLAN, PLAN_PATH);
    const ctx = { owner: repo.owner, repo: repo.repo, sha: fake.branchHead(repo) };
    for (const task of plan.tasks) {
      const rendered = renderIssue(task, plan, ctx, DEFAULT_CONFIG);
      const issue = fake.createIssue(repo, {
        title: rendered.title,
        body: rendered.body,
        labels: rendered.labels,
        user: fake.botLogin,
        ...(task.done ? { state: "closed" as const, stateReason: "completed" as const } : {}),
      });
      issues[task.id] = issue.number;
    }
  }
  fake.resetCounters();

  const settle = () => app.idle();
  return {
    fake,
    repo,
    probot,
    issues,
    openPr: ({ branch, files, title, body, fork }) => {
      const where = fork ?? repo;
      fake.createBranch(where, branch);
      fake.commit(where, branch, files, "Update plan", "ada");
      return fake.openPullRequest(repo, {
        head: branch,
        title: title ?? "Update the plan",
        body: body ?? "",
        user: fork ? fork.owner : "ada",
        ...(fork ? { headRepo: fork } : {}),
      }).number;
    },
    push: (branch, files, fork) => {
      fake.commit(fork ?? repo, branch, files, "More changes", "ada");
    },
    deliver: async (prNumber, action, o = {}) => {
      const payload = fake.pullRequestPayload(repo, prNumber, action) as Record<string, unknown>;
      if (o.changes) payload.changes = o.changes;
      await probot.receive({ id: `pr-${++delivery}`, name: "pull_request", payload: payload as never });
      await settle();
    },
    comment: async (prNumber, body, login = "ada") => {
      const c = fake.addComment(repo, prNumber, body, login);
      await probot.receive({
        id: `c-${++delivery}`,
        name: "issue_comment",
        payload: fake.issueCommentPayload(repo, c.id, "created") as never,
      });
      await settle();
    },
    settle,
    statusComments: (prNumber) =>
      fake
        .comments(repo, prNumber)
        .filter((c) => c.user.login === fake.botLogin && c.body.startsWith("<!-- plan-sync:pr-status v1 -->"))
        .map((c) => ({ id: c.id, body: c.body })),
    writes: () => fake.writes(),
    commentWrites: () => fake.writes().filter((w) => /\/issues\/(\d+\/)?comments/.test(w.path)),
    stop: async () => {
      await app.stop(0);
      await fake.stop();
    },
  };
}
