import { describe, expect, it } from "vitest";
import { syncPlans } from "../../src/sync/sync-plans.js";
import {
  dataPlan,
  ENGINE_REPO as REPO,
  pushedPlan as pushed,
  useEngineFakeGitHub,
} from "../support/engine-fake-github.js";

/**
 * A task removed from the plan (its issue closed as not planned) and put back: the engine reopens that issue, and
 * the task's "Depends on" links go through it in the same sync; against the fake GitHub.
 */

const plan = (rows: string[]) => dataPlan(rows, { dependsOn: true });
const DATA1 = "| DATA1 | Embeddings table | Table exists | 3 | |";
const WITH = plan([DATA1, "| DATA2 | Nightly embedding ETL | Runs nightly | 5 | DATA1 |"]);
const WITHOUT = plan(["| DATA2 | Nightly embedding ETL | Runs nightly | 5 | |"]);

const engine = useEngineFakeGitHub(WITH);
const { deps, input } = engine;

describe("a task back in the plan", () => {
  it("gets its issue reopened, and a task that depends on it is linked to that issue in the same sync", async () => {
    const { fake } = engine;
    await syncPlans(deps(), input(pushed(WITH, null)));
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    await syncPlans(deps(), input(pushed(WITHOUT, WITH)));
    expect(fake.issue(REPO, 1)).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(fake.blockedBy(REPO, 2)).toEqual([]);

    await syncPlans(deps(), input(pushed(WITH, WITHOUT)));

    expect(fake.issue(REPO, 1)).toMatchObject({ state: "open", stateReason: "reopened" });
    expect(fake.blockedBy(REPO, 2)).toEqual(["acme/app#1"]);
    const run = fake.checkRuns(REPO).at(-1);
    expect(`${run?.output?.summary ?? ""}\n${run?.output?.text ?? ""}`).not.toContain("not yet linked");
  });
});
