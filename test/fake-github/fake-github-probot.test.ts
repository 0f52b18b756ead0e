import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApplicationFunction } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub, MAX_ANNOTATIONS_PER_REQUEST } from "../support/fake-github/index.js";
import { createTestProbot } from "../support/probot-app.js";

let fake: FakeGitHub;

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo("acme/plans", {
    files: { "docs/plan.md": "| DATA1 | x |\n", ".github/plan-sync.yml": "labels:\n  - plan-sync\n" },
  });
  fake.install(["acme/plans"], { id: 77 });
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

describe("a Probot app against the fake", () => {
  it("authenticates as the installation and acts as plan-sync[bot]", async () => {
    const seen: string[] = [];
    const app: ApplicationFunction = (probot) => {
      probot.on("push", async (context) => {
        const config = await context.config<{ labels: string[] }>("plan-sync.yml");
        const file = await context.octokit.rest.repos.getContent(
          context.repo({ path: "docs/plan.md", ref: context.payload.after }),
        );
        seen.push(Buffer.from((file.data as { content: string }).content, "base64").toString("utf8"));
        await context.octokit.rest.issues.create(context.repo({ title: "DATA1: x", labels: config?.labels ?? [] }));
      });
    };
    const probot = await createTestProbot(fake, app);
    fake.commit("acme/plans", "main", { "docs/plan.md": "| DATA1 | x |\n| DATA2 | y |\n" }, "add DATA2", "alice");

    await probot.receive({ id: "d1", name: "push", payload: fake.pushPayload("acme/plans") as never });

    expect(seen).toEqual(["| DATA1 | x |\n| DATA2 | y |\n"]);
    const [issue] = fake.issues("acme/plans");
    expect(issue).toMatchObject({
      title: "DATA1: x",
      labels: ["plan-sync"],
      user: { login: "plan-sync[bot]", type: "Bot" },
    });
    const mint = fake.requests.find((r) => r.path === "/app/installations/77/access_tokens");
    expect(mint).toMatchObject({ method: "POST", status: 201, write: false });
    expect(fake.writes().map((w) => `${w.method} ${w.path} ${w.caller}`)).toEqual([
      "POST /repos/acme/plans/issues plan-sync[bot]",
    ]);
  });

  it("refuses an App JWT signed by another key", async () => {
    const probot = await createTestProbot(fake, () => {});
    // The fake now trusts a different key than the one the Probot signs with.
    fake.setAppPublicKey(
      generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString(),
    );
    const octokit = await probot.auth(77);
    const error = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "plans" }).then(
      () => null,
      (e: { status?: number }) => e,
    );
    expect(error?.status).toBe(401);
    expect(fake.requests).toMatchObject([{ path: "/app/installations/77/access_tokens", status: 401 }]);
  });

  it("takes check runs with up to 50 annotations per request and appends later ones", async () => {
    const statuses: number[] = [];
    const app: ApplicationFunction = (probot) => {
      probot.on("pull_request.opened", async (context) => {
        const annotation = (line: number) => ({
          path: "docs/plan.md",
          start_line: line,
          end_line: line,
          annotation_level: "failure" as const,
          message: `bad ${line}`,
        });
        const run = await context.octokit.rest.checks.create(
          context.repo({
            name: "plan-sync",
            head_sha: context.payload.pull_request.head.sha,
            status: "in_progress" as const,
            output: {
              title: "Checking",
              summary: "…",
              annotations: Array.from({ length: MAX_ANNOTATIONS_PER_REQUEST }, (_, i) => annotation(i + 1)),
            },
          }),
        );
        await context.octokit.rest.checks
          .update(
            context.repo({
              check_run_id: run.data.id,
              output: {
                title: "t",
                summary: "s",
                annotations: Array.from({ length: 51 }, (_, i) => annotation(i + 1)),
              },
            }),
          )
          .catch((e: { status: number }) => statuses.push(e.status));
        await context.octokit.rest.checks.update(
          context.repo({
            check_run_id: run.data.id,
            conclusion: "failure" as const,
            output: { title: "2 errors", summary: "s", annotations: [annotation(99)] },
          }),
        );
      });
    };
    const probot = await createTestProbot(fake, app);
    fake.commit("acme/plans", "feature", { "docs/plan.md": "| DATA1 | changed |\n" }, "edit", "alice");
    const pull = fake.openPullRequest("acme/plans", { head: "feature", title: "Edit plan", user: "alice" });

    await probot.receive({
      id: "d2",
      name: "pull_request",
      payload: fake.pullRequestPayload("acme/plans", pull.number, "opened") as never,
    });

    expect(statuses).toEqual([422]);
    const [run] = fake.checkRuns("acme/plans");
    expect(run).toMatchObject({
      status: "completed",
      conclusion: "failure",
      headSha: fake.branchHead("acme/plans", "feature"),
      output: { title: "2 errors" },
    });
    expect(run!.output.annotations).toHaveLength(51);
  });

  it("delivers signed webhooks to the app's HTTP middleware", async () => {
    const received: Array<{ action: string; number: number; sender: string }> = [];
    const app: ApplicationFunction = (probot) => {
      probot.on("issues.closed", async (context) => {
        received.push({
          action: context.payload.action,
          number: context.payload.issue.number,
          sender: context.payload.sender.login,
        });
      });
    };
    const probot = await createTestProbot(fake, app, { secret: "s3cret" });
    const middleware = await probot.getNodeMiddleware();
    const server = createServer((req, res) => void middleware(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const issue = fake.createIssue("acme/plans", { title: "t", user: "plan-sync[bot]" });
      fake.updateIssue("acme/plans", issue.number, { state: "closed", stateReason: "completed" }, "bob");
      const payload = fake.issuesPayload("acme/plans", issue.number, "closed");
      expect(payload).toMatchObject({
        installation: { id: 77 },
        issue: { state: "closed", state_reason: "completed" },
        repository: { full_name: "acme/plans" },
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;

      const forged = await fake.deliver(url, { name: "issues", payload, secret: "wrong" });
      expect(forged.status).toBe(400);
      const genuine = await fake.deliver(url, { name: "issues", payload, secret: "s3cret" });
      expect(genuine.status).toBe(200);
      expect(received).toEqual([{ action: "closed", number: issue.number, sender: "bob" }]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
