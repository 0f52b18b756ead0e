import { describe, expect, it } from "vitest";
import { configErrorOutput, failureOutput } from "../../src/sync/failure-output.js";

describe("the check run of a sync that failed", () => {
  it("says what went wrong, that nothing is duplicated by trying again, and that GitHub's redelivery or the next push retries it", () => {
    expect(failureOutput(new Error("GitHub answered 502 Bad Gateway three times"))).toEqual({
      name: "plan-sync",
      status: "completed",
      conclusion: "failure",
      title: "Sync failed",
      summary: [
        "plan-sync could not finish syncing this push: GitHub answered 502 Bad Gateway three times",
        "",
        "Nothing is duplicated by trying again: every sync compares the plan with the issues as they are. " +
          "The sync is retried when GitHub redelivers this push, and the next push that changes the plan picks up what is missing.",
      ].join("\n"),
      annotations: [],
    });
  });
});

describe("the check run of a push with an invalid .github/plan-sync.yml", () => {
  it("fails, counts the errors in its title and lists each below what to do", () => {
    const errors = ["links: expected true or false", "titleLength: expected a whole number between 20 and 256"];
    expect(configErrorOutput(errors)).toEqual({
      name: "plan-sync",
      status: "completed",
      conclusion: "failure",
      title: "2 errors in .github/plan-sync.yml",
      summary: [
        "`.github/plan-sync.yml` is not valid, so plan-sync synced nothing for this push. Fix it and push again:",
        "",
        "- links: expected true or false",
        "- titleLength: expected a whole number between 20 and 256",
      ].join("\n"),
      annotations: [],
    });
  });

  it("one error is `1 error` in the title", () => {
    expect(configErrorOutput(["(file): not valid YAML"]).title).toBe("1 error in .github/plan-sync.yml");
  });
});
