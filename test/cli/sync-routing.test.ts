import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerTokenOwner, runSyncCommand } from "../support/cli-sync.js";
import { FakeGitHub } from "../support/fake-github/index.js";

const PLAN = readFileSync(new URL("../../fixtures/routing/template-plan.md", import.meta.url), "utf8");
const PLAN_PATH = "docs/plans/risk-score.md";
const CONFIG_PATH = ".github/plan-sync.yml";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = new FakeGitHub();
  await fake.start();
  fake.addToken("alice-token", "alice");
});
afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const aliceIssues = (repo: string) =>
  fake
    .issues(repo)
    .filter((i) => i.user.login === "alice")
    .map((i) => i.title.split(":")[0]);

describe("plan-sync sync with areas routed to other repositories", () => {
  it("routes as the App does, and names the repository the token cannot reach", async () => {
    fake.createRepo("acme/plans", {
      files: {
        [PLAN_PATH]: PLAN,
        [CONFIG_PATH]: "areas:\n  DATA: { repo: acme/data }\n  EDH:\n    repo: acme/missing\n",
      },
    });
    fake.createRepo("acme/data", { files: { [CONFIG_PATH]: "accept: [acme/plans]\n" } });
    answerTokenOwner(fake, "alice");

    const run = await runSyncCommand(fake, [PLAN_PATH, "--repo", "acme/plans"]);

    expect(aliceIssues("acme/data")).toEqual(["DATA1", "DATA2"]);
    // GAIN stays home; the tracking issue is the plan repository's, as with the App.
    expect(aliceIssues("acme/plans")).toEqual(["GAIN1", "GAIN2", "Supplier risk score (plan)"]);
    expect(run.stderr).toContain(`${CONFIG_PATH}:4:`);
    expect(run.stderr).toContain("the token cannot see acme/missing");
    expect(run.code).toBe(1);
  });
});
