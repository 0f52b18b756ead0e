import { describe, expect, it } from "vitest";
import { parseMarker } from "../../src/render/marker.js";
import { syncPlans } from "../../src/sync/sync-plans.js";
import {
  dataPlan,
  ENGINE_REPO as REPO,
  pushedPlan as pushed,
  useEngineFakeGitHub,
} from "../support/engine-fake-github.js";

/**
 * A box ticked in the plan whose issue a person had closed as not planned: the plan moved last, so the issue
 * follows it and reads as done on GitHub (closed as completed), once; the engine against the fake GitHub.
 */

const plan = (first: string) =>
  dataPlan([
    `| ${first} | Embeddings table | Table exists | 3 |`,
    "| DATA2 | Nightly embedding ETL | Runs nightly | 5 |",
  ]);
const OPEN = plan("DATA1");
const TICKED = plan("[x] DATA1");

const engine = useEngineFakeGitHub(OPEN);
const deps = () => engine.deps({ report: "none" });
const { input, writes } = engine;

describe("a task ticked in the plan whose issue was closed as not planned", () => {
  it("closes its issue again, as completed, recording the tick; the next push writes nothing", async () => {
    const { fake } = engine;
    await syncPlans(deps(), input(pushed(OPEN, null)));
    fake.updateIssue(REPO, 1, { state: "closed", stateReason: "not_planned" });
    fake.resetCounters();

    await syncPlans(deps(), input(pushed(TICKED, OPEN)));

    expect(writes()).toEqual(["PATCH /repos/acme/app/issues/1"]);
    const issue = fake.issue(REPO, 1);
    expect(issue).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(parseMarker(issue?.body ?? "")?.done).toBe(true);
    expect(fake.comments(REPO, 1)).toEqual([]);

    fake.resetCounters();
    const again = await syncPlans(deps(), input(pushed(TICKED, TICKED)));
    expect(again).toMatchObject({ outcome: "in-sync", actions: [] });
    expect(writes()).toEqual([]);
  });
});
