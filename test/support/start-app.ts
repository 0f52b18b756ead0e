import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { Probot, type Logger } from "probot";
import type { AppRuntime } from "../../src/app/app-runtime.js";
import type { CreateAppOptions, PlanSyncApp } from "../../src/app/create-app.js";
import type { RetryPolicy } from "../../src/config/settings.js";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { createProbotOctokit, type OctokitPolicy } from "../../src/github/octokit-options.js";
import { WritePacerRegistry, type WritePacerOptions } from "../../src/github/write-pacer.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { renderIssue } from "../../src/render/issue-render.js";
import { renderMarker } from "../../src/render/marker.js";
import { testApp } from "../app/support/test-runtime.js";
import { FakeGitHub, type CheckRun, type RecordedRequest, type RepoRef } from "./fake-github/index.js";
import { appKeyPair, createTestProbot, type TestProbotOptions } from "./probot-app.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "./search-plan.js";

export { PLAN, PLAN_PATH };

type Issue = ReturnType<FakeGitHub["issues"]>[number];
type WebhookName = "push" | "issues" | "pull_request" | "issue_comment" | "check_run";
type PrAction = "opened" | "synchronize" | "reopened" | "edited";

/**
 * The whole App against the fake GitHub, as changesets/bot tests it: built by
 * the composition root (createApp) as production builds it, loaded into a
 * Probot that talks to the fake, and driven by what people do on GitHub. The
 * fake answers only the routes it models and records every request.
 */
export interface TestApp {
  /** The fake GitHub (`github.assertNoUnexpected()`, `github.writes()`, …). */
  github: FakeGitHub;
  /** acme/plans, installation 77, unless the options name another. */
  repo: RepoRef;
  probot: Probot;
  /** The whole App, as createApp builds it. */
  app: PlanSyncApp;
  runtime: AppRuntime;
  /** Write pacer slots taken, by installation key (with the default pacers). */
  slots: string[];
  /** With `synced`: the app's issue numbers of PLAN's tasks, by task ID. */
  issues: Record<string, number>;

  /** Commits `files` (null deletes) to the default branch as a person; returns the commit SHA. */
  commit(files: Record<string, string | null>, message?: string, login?: string): string;
  /** GitHub delivers the push of the default branch's head (or of the given range); does not settle. */
  deliverPush(opts?: { before?: string; after?: string; ref?: string; id?: string }): Promise<void>;
  /** commit + deliverPush + settle; returns the commit SHA. */
  push(files: Record<string, string | null>, message?: string): Promise<string>;

  /** Creates the app's issue for a task, as push sync would have (marker for `path`, default the harness's plan). */
  taskIssue(task: string, opts?: { path?: string; user?: string; closed?: boolean }): number;
  /** The app's issues for every task of `plan`, as a push sync of it would have left them; by task ID. */
  syncedIssues(plan?: string, path?: string): Record<string, number>;
  /** A person closes (completed / not planned) an issue and GitHub delivers issues.closed; does not settle. */
  closeIssue(number: number, reason?: "completed" | "not_planned", by?: string): Promise<void>;
  /** A person reopens an issue and GitHub delivers issues.reopened; does not settle. */
  reopenIssue(number: number, by?: string): Promise<void>;

  /** Pushes `files` to a new `branch` (of `fork` when given) and opens a pull request from it; delivers nothing. */
  openPr(input: {
    branch: string;
    files: Record<string, string | null>;
    title?: string;
    body?: string;
    fork?: RepoRef;
  }): number;
  /** One more commit on a pull request's branch; delivers nothing. */
  commitToBranch(branch: string, files: Record<string, string | null>, fork?: RepoRef): void;
  /** GitHub delivers a pull_request event, then settles. */
  deliverPr(prNumber: number, action: PrAction, opts?: { changes?: Record<string, unknown> }): Promise<void>;
  /** Someone comments on a pull request, GitHub delivers issue_comment.created, then settles. */
  comment(prNumber: number, body: string, login?: string): Promise<void>;
  /** GitHub delivers "Re-run" pressed on a check run (its example payload), then settles. */
  rerun(run: CheckRun, id?: string): Promise<void>;

  /** GitHub delivers `payload` as it is (e.g. one of GitHub's example payloads); does not settle. */
  receive(name: WebhookName, payload: unknown, id?: string): Promise<void>;
  /** Waits until no job is stored any more (burst windows and retries included). */
  settle(): Promise<void>;
  /**
   * A new App process on the same GitHub: fresh pacers and memory of reconciled plans, and a fresh queue unless
   * `create.jobs` opens the same store. Stops the running App first (at once, or as a stop already under way ends).
   */
  restart(create?: CreateAppOptions): Promise<void>;
  stop(): Promise<void>;

  /** The app's issues, by task ID from their titles' `ID:` prefix. */
  issueByTask(taskId: string): Issue | undefined;
  /** The plan file on the default branch (default: the harness's plan path). */
  planText(path?: string): string | undefined;
  /** Commits made by the app on a branch, oldest first. */
  appCommits(branch?: string): Array<{ sha: string; message: string }>;
  /** Our status comments on a pull request. */
  statusComments(prNumber: number): Array<{ id: number; body: string }>;
  writes(): RecordedRequest[];
  /** Writes to issue / pull request comments. */
  commentWrites(): RecordedRequest[];
  /** Runs `action` when the first `method path` request reaches the fake, before it is answered. */
  onFirstRequest(method: string, path: string, action: () => void): void;
}

export interface StartAppOptions {
  /** The repository (default acme/plans on `main`, installation 77), e.g. to match GitHub's example payloads. */
  repo?: { fullName: string; defaultBranch?: string; installationId?: number };
  /** The default branch's files (default: a README only). */
  files?: Record<string, string>;
  /** `.github/plan-sync.yml`, added to `files`. */
  config?: string;
  /** The plan `taskIssue` and `planText` mean by default (default: the search plan's path). */
  planPath?: string;
  /** Seeds `syncedIssues()` of PLAN (into `issues`) before the first request is counted: the pull-request tests' start. */
  synced?: boolean;
  /** Write pacer limits (default: a pacer that never waits). */
  pacer?: WritePacerOptions;
  /** Run with the production Octokit (plan-sync's retry and rate-limit policy) instead of the test one. */
  policy?: OctokitPolicy;
  /** The test Probot's options (throttle, retry, log). */
  probot?: TestProbotOptions;
  /** The App's logger (default silent), e.g. to read its log lines. */
  log?: Logger;
  progressIntervalMs?: number;
  /** Retries of failed jobs (default: none, so a failure shows at once). */
  retry?: RetryPolicy;
  /** The write-back burst window (default 30 ms) and retry delay (default 20 ms). */
  windowMs?: number;
  retryDelayMs?: number;
  maxRetries?: number;
  /** More createApp options (e.g. `runtime` to wrap what the runtime hands out, `jobs` for a store on a file). */
  create?: CreateAppOptions;
}

/** A fast pacer: the ceiling is the real one's shape, the clock is not. */
export const FAST_PACER: WritePacerOptions = { perMinute: 1_000_000, perHour: 1_000_000 };

/** Delivery IDs count per event, across a test file's Apps, as GitHub's differ per delivery (`push-1`, `push-2`, …). */
const deliveries = new Map<string, number>();

export async function startApp(opts: StartAppOptions = {}): Promise<TestApp> {
  const github = new FakeGitHub();
  await github.start();
  const repo = github.createRepo(opts.repo?.fullName ?? "acme/plans", {
    ...(opts.repo?.defaultBranch ? { defaultBranch: opts.repo.defaultBranch } : {}),
    files: {
      ...(opts.files ?? { "README.md": "# plans\n" }),
      ...(opts.config === undefined ? {} : { ".github/plan-sync.yml": opts.config }),
    },
    installationId: opts.repo?.installationId ?? 77,
  });
  const defaultBranch = opts.repo?.defaultBranch ?? "main";
  const planPath = opts.planPath ?? PLAN_PATH;
  const slots: string[] = [];

  const boot = async (create = opts.create): Promise<{ app: PlanSyncApp; probot: Probot; runtime: AppRuntime }> => {
    // A test that sets limits or runs the production Octokit gets a plain registry, which that Octokit paces with.
    const pacers = opts.pacer || opts.policy ? new WritePacerRegistry(opts.pacer ?? FAST_PACER) : undefined;
    const app = testApp({
      onSlot: (key) => slots.push(key),
      ...(pacers ? { pacers } : {}),
      ...(opts.progressIntervalMs !== undefined ? { progressIntervalMs: opts.progressIntervalMs } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      writeBack: {
        windowMs: opts.windowMs ?? 30,
        retryDelayMs: opts.retryDelayMs ?? 20,
        ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      },
      ...create,
    });
    const log = opts.log ?? opts.probot?.log;
    const probot = opts.policy
      ? await productionProbot(github, app, opts.policy, log)
      : await createTestProbot(github, app.app, { ...opts.probot, ...(log ? { log } : {}) });
    return { app, probot, runtime: app.runtime };
  };

  const receive = async (name: WebhookName, payload: unknown, id?: string): Promise<void> => {
    const n = (deliveries.get(name) ?? 0) + 1;
    deliveries.set(name, n);
    await h.probot.receive({ id: id ?? `${name}-${n}`, name, payload } as never);
  };
  const syncedIssues = (plan = PLAN, path = PLAN_PATH): Record<string, number> => {
    const parsed = parsePlan(plan, path);
    const ctx = { owner: repo.owner, repo: repo.repo, sha: github.branchHead(repo) };
    const numbers: Record<string, number> = {};
    for (const task of parsed.tasks) {
      const rendered = renderIssue(task, parsed, ctx, DEFAULT_CONFIG);
      numbers[task.id] = github.createIssue(repo, {
        title: rendered.title,
        body: rendered.body,
        labels: rendered.labels,
        user: github.botLogin,
        ...(task.done ? { state: "closed" as const, stateReason: "completed" as const } : {}),
      }).number;
    }
    return numbers;
  };

  const h: TestApp = {
    github,
    repo,
    slots,
    issues: {},
    ...(await boot()),
    commit: (files, message = "Update the plan", login = "ada") =>
      github.commit(repo, defaultBranch, files, message, login),
    deliverPush: async (o = {}) => {
      const payload = github.pushPayload(repo, {
        ...(o.ref ? { ref: o.ref } : {}),
        ...(o.before ? { before: o.before } : {}),
        ...(o.after ? { after: o.after } : {}),
      });
      await receive("push", payload, o.id);
    },
    push: async (files, message) => {
      const sha = h.commit(files, message);
      await h.deliverPush();
      await h.settle();
      return sha;
    },
    taskIssue: (task, o = {}) =>
      github.createIssue(repo, {
        title: `${task}: a task`,
        body: `What to do.\n\n${renderMarker({ path: o.path ?? planPath, task, hash: "0123abcd" })}\n`,
        user: o.user ?? github.botLogin,
        state: o.closed ? "closed" : "open",
      }).number,
    syncedIssues,
    closeIssue: async (number, reason = "completed", by = "ada") => {
      github.updateIssue(repo, number, { state: "closed", stateReason: reason }, by);
      await receive("issues", github.issuesPayload(repo, number, "closed", { sender: by }));
    },
    reopenIssue: async (number, by = "ada") => {
      github.updateIssue(repo, number, { state: "open", stateReason: "reopened" }, by);
      await receive("issues", github.issuesPayload(repo, number, "reopened", { sender: by }));
    },
    openPr: ({ branch, files, title, body, fork }) => {
      const where = fork ?? repo;
      github.createBranch(where, branch);
      github.commit(where, branch, files, "Update plan", "ada");
      return github.openPullRequest(repo, {
        head: branch,
        title: title ?? "Update the plan",
        body: body ?? "",
        user: fork ? fork.owner : "ada",
        ...(fork ? { headRepo: fork } : {}),
      }).number;
    },
    commitToBranch: (branch, files, fork) => {
      github.commit(fork ?? repo, branch, files, "More changes", "ada");
    },
    deliverPr: async (prNumber, action, o = {}) => {
      const payload = github.pullRequestPayload(repo, prNumber, action) as Record<string, unknown>;
      if (o.changes) payload.changes = o.changes;
      await receive("pull_request", payload);
      await h.settle();
    },
    comment: async (prNumber, body, login = "ada") => {
      const c = github.addComment(repo, prNumber, body, login);
      await receive("issue_comment", github.issueCommentPayload(repo, c.id, "created"));
      await h.settle();
    },
    rerun: async (run, id) => {
      await receive("check_run", rerequested(github, repo, run), id);
      await h.settle();
    },
    receive,
    settle: () => h.app.idle(),
    restart: async (create) => {
      await h.app.stop(0);
      Object.assign(h, await boot(create));
    },
    stop: async () => {
      await h.app.stop(0);
      await github.stop();
    },
    issueByTask: (taskId) =>
      github.issues(repo).find((i) => i.user.login === github.botLogin && i.title.startsWith(`${taskId}:`)),
    planText: (path = planPath) => github.file(repo, path),
    appCommits: (branch) =>
      github
        .log(repo, branch)
        .filter((c) => c.authorLogin === github.botLogin)
        .reverse()
        .map((c) => ({ sha: c.sha, message: c.message })),
    statusComments: (prNumber) =>
      github
        .comments(repo, prNumber)
        .filter((c) => c.user.login === github.botLogin && c.body.startsWith("<!-- plan-sync:pr-status v1 -->"))
        .map((c) => ({ id: c.id, body: c.body })),
    writes: () => github.writes(),
    commentWrites: () => github.writes().filter((w) => /\/issues\/(\d+\/)?comments/.test(w.path)),
    onFirstRequest: (method, path, action) => {
      let done = false;
      // The fake consults failure rules before routing each request; a rule
      // whose pattern never matches but acts on first sight runs `action` at
      // exactly that moment, and the request then meets the real route.
      const spy = /$^/;
      spy.test = (candidate: string) => {
        if (!done && candidate === path) {
          done = true;
          action();
        }
        return false;
      };
      github.failNext({ method, path: spy, status: 500, times: Number.MAX_SAFE_INTEGER });
    },
  };
  if (opts.synced) {
    h.issues = syncedIssues();
    github.resetCounters();
  }
  return h;
}

/** The Probot production runs: plan-sync's Octokit class (retries, throttling, pacing), against the fake. */
async function productionProbot(
  github: FakeGitHub,
  app: PlanSyncApp,
  policy: OctokitPolicy,
  log: Logger | undefined,
): Promise<Probot> {
  const { privateKey, publicKey } = appKeyPair();
  github.setAppPublicKey(publicKey);
  const probot = new Probot({
    appId: github.appId,
    privateKey,
    baseUrl: github.url,
    secret: "test-secret",
    log: log ?? pino({ level: "silent" }),
    Octokit: createProbotOctokit({ ...policy, pacers: app.pacers }),
  });
  await probot.load(app.app);
  return probot;
}

/** GitHub's example rerequested payload (fixtures/webhooks), pointed at a check run the fake holds. */
function rerequested(github: FakeGitHub, repo: RepoRef, run: CheckRun): object {
  const payload = JSON.parse(
    readFileSync(join(import.meta.dirname, "../../fixtures/webhooks/check_run.rerequested.json"), "utf8"),
  ) as Record<string, Record<string, unknown>>;
  const push = github.pushPayload(repo) as Record<string, Record<string, unknown>>;
  const checkRun = payload.check_run!;
  Object.assign(checkRun, {
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    pull_requests: [],
    output: { ...(checkRun.output as object), title: run.output.title, summary: run.output.summary },
  });
  Object.assign(checkRun.check_suite as object, { head_sha: run.headSha, head_branch: "main", pull_requests: [] });
  return { ...payload, check_run: checkRun, repository: push.repository, installation: push.installation };
}
