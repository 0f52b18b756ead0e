import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyActions } from "../../src/sync/apply-actions.js";
import { EtagCache } from "../../src/github/etag-cache.js";
import { ProtectedBranchError, StaleFileError } from "../../src/github/errors.js";
import type { Gateway } from "../../src/github/gateway.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { createRestOctokit } from "../../src/github/octokit-options.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import type { SyncAction } from "../../src/sync/types.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { quiet } from "../support/quiet-log.js";

/** The gateway, options, pacer and applier together against the in-memory GitHub over HTTP. */

const PLAN = "docs/plans/feature.md";
const PLAN_TEXT = "\uFEFF# Feature\r\n\r\n| Task ID | Description |\r\n|---|---|\r\n| DATA1 | Ünïcödé ✓ |\r\n";

let fake: FakeGitHub;
let gateway: Gateway;
/** Statuses as the client saw them (the fake records a 304 as the 200 it would have sent). */
let seen: number[];

beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.createRepo("acme/app", { files: { [PLAN]: PLAN_TEXT } });
  fake.addToken("t", "alice");
  const octokit = createRestOctokit({ token: "t", baseUrl: fake.url, log: quiet });
  seen = [];
  octokit.hook.after("request", (response) => void seen.push(response.status));
  octokit.hook.error("request", (error) => {
    seen.push((error as { status: number }).status);
    throw error;
  });
  gateway = createOctokitGateway(
    octokit,
    { owner: "acme", repo: "app" },
    { identity: "token:t", etagCache: new EtagCache() },
  );
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const creates = (n: number): SyncAction[] =>
  Array.from({ length: n }, (_, i) => ({
    type: "create-issue" as const,
    path: PLAN,
    taskId: `DATA${i + 1}`,
    title: `DATA${i + 1}`,
    body: `task ${i + 1}`,
    labels: [],
  }));

describe("gateway against the fake GitHub", () => {
  it("round-trips a BOM/CRLF plan and refuses stale and protected writes", async () => {
    const file = await gateway.getFile(PLAN, "main");
    expect(file?.text).toBe(PLAN_TEXT);

    const ticked = file!.text.replace("| DATA1 |", "| [x] DATA1 |");
    await expect(
      gateway.putFile({ path: PLAN, branch: "main", text: ticked, sha: "0".repeat(40), message: "tick" }),
    ).rejects.toBeInstanceOf(StaleFileError);

    await gateway.putFile({ path: PLAN, branch: "main", text: ticked, sha: file!.sha, message: "tick" });
    expect(fake.file({ owner: "acme", repo: "app" }, PLAN)).toBe(ticked);

    fake.protectBranch({ owner: "acme", repo: "app" }, "main");
    const again = await gateway.getFile(PLAN, "main");
    await expect(
      gateway.putFile({ path: PLAN, branch: "main", text: PLAN_TEXT, sha: again!.sha, message: "untick" }),
    ).rejects.toBeInstanceOf(ProtectedBranchError);
  });

  it("re-reads an unchanged issue list with a 304 and sees its own writes right after", async () => {
    await applyActions(gateway, creates(3));
    expect((await gateway.listIssuesByCreator("alice")).map((i) => i.title).sort()).toEqual([
      "DATA1",
      "DATA2",
      "DATA3",
    ]);
    seen.length = 0;

    await gateway.listIssuesByCreator("alice");
    expect(seen).toEqual([304]);

    const first = (await gateway.listIssuesByCreator("alice"))[0]!;
    await gateway.updateIssue(first.number, { state: "closed", stateReason: "not_planned" });
    const after = await gateway.listIssuesByCreator("alice");
    expect(after.find((i) => i.number === first.number)).toMatchObject({ state: "closed", stateReason: "not_planned" });
  });

  it("creates every issue exactly once when GitHub's content limit answers with a secondary rate limit", async () => {
    // A "minute" of one second: 3 writes per second.
    fake.enforceContentCreationLimit({ perMinute: 3, perHour: 500, timeScale: 60 });

    await applyActions(gateway, creates(5));

    expect(fake.secondaryLimitHits).toBeGreaterThan(0);
    expect(
      fake
        .issues({ owner: "acme", repo: "app" })
        .map((i) => i.title)
        .sort(),
    ).toEqual(["DATA1", "DATA2", "DATA3", "DATA4", "DATA5"]);
  });

  it("with the pacer at the ceiling, never meets the secondary limit", async () => {
    fake.enforceContentCreationLimit({ perMinute: 3, perHour: 500, timeScale: 60 });
    // 2.5 a second: under the fake's 3 a second with room for request latency.
    const pacer = new WritePacer({ perMinute: 150, perHour: 500 * 60 });

    await applyActions(gateway, creates(5), { pacer });

    expect(fake.secondaryLimitHits).toBe(0);
    expect(fake.issues({ owner: "acme", repo: "app" })).toHaveLength(5);
  });

  it("stores all annotations of a check run beyond GitHub's 50 per request", async () => {
    // Check runs are for Apps only: talk as the installation.
    const installationId = fake.install([{ owner: "acme", repo: "app" }]);
    const token = fake.model.mintToken(installationId);
    const octokit = createRestOctokit({ token, baseUrl: fake.url, log: quiet });
    const app = createOctokitGateway(
      octokit,
      { owner: "acme", repo: "app" },
      { identity: `installation:${installationId}` },
    );
    const head = fake.branchHead({ owner: "acme", repo: "app" });
    const annotations = Array.from({ length: 120 }, (_, i) => ({
      path: PLAN,
      startLine: i + 1,
      endLine: i + 1,
      level: "warning" as const,
      message: `m${i}`,
    }));

    await app.createCheckRun({
      headSha: head,
      name: "plan-sync",
      status: "completed",
      conclusion: "failure",
      title: "t",
      summary: "s",
      annotations,
    });

    const [run] = fake.checkRuns({ owner: "acme", repo: "app" });
    expect(run?.output.annotations).toHaveLength(120);
  });
});
