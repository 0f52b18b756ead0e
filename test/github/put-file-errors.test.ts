import { describe, expect, it } from "vitest";
import { classifyPutFileError, ProtectedBranchError, StaleFileError } from "../../src/github/errors.js";
import { StubHttpError } from "./stub-octokit.js";

const classify = (status: number, message: string, documentation_url?: string) =>
  classifyPutFileError(
    new StubHttpError(status, { message, ...(documentation_url ? { documentation_url } : {}) }),
    "docs/p.md",
    "main",
  );

describe("why GitHub refused a plan commit", () => {
  it.each([
    [409, "Repository rule violations found\n\nChanges must be made through a pull request."],
    [409, "Changes must be made through a pull request."],
    [409, 'Could not update file: Required status check "ci" is expected.'],
    [409, "Protected branch update failed for refs/heads/main."],
    [403, "At least 1 approving review is required by reviewers with write access."],
    [422, "Protected branch update failed"],
    [409, "Conflict: see https://docs.github.com/articles/about-protected-branches"],
  ])("%i %j: the branch is protected", (status, message) => {
    const error = classify(status, message);
    expect(error).toBeInstanceOf(ProtectedBranchError);
    expect(error).toMatchObject({ branch: "main" });
  });

  it.each([
    "https://docs.github.com/rest/repos/rules#about-protected-branches",
    "https://docs.github.com/articles/about-protected-branches",
    "https://docs.github.com/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets",
  ])("a 409 whose documentation is about protection (%s): the branch is protected", (docs) => {
    expect(classify(409, "Conflict", docs)).toBeInstanceOf(ProtectedBranchError);
  });

  it("a rule violation about a secret (push protection) is not a protected branch: a pull request would not pass it either", () => {
    const error = classify(409, "Repository rule violations found\n\nPush cannot contain secrets");
    expect(error).toBeInstanceOf(StaleFileError);
    expect(classify(403, "Repository rule violations found: Secret detected")).not.toBeInstanceOf(ProtectedBranchError);
  });

  it("a 409 otherwise is a stale file, named by its path", () => {
    const error = classify(409, "docs/p.md does not match b1");
    expect(error).toBeInstanceOf(StaleFileError);
    expect(error).toMatchObject({ path: "docs/p.md" });
  });

  it.each(['Invalid request.\n\n"sha" wasn\'t supplied.', "docs/p.md does not match b1", "sha is invalid"])(
    "a 422 about the blob SHA (%j) is a stale file",
    (message) => {
      expect(classify(422, message)).toBeInstanceOf(StaleFileError);
    },
  );

  it("a 422 about something else, a 403 without protection, and other statuses are thrown as they came", () => {
    for (const [status, message] of [
      [422, "Invalid request. content is not valid Base64"],
      [422, "shame"],
      [422, "unknown field sasha"],
      [403, "Resource not accessible by integration"],
      [404, "Not Found"],
      [500, "protected branch"],
    ] as const) {
      const original = new StubHttpError(status, { message });
      expect(classifyPutFileError(original, "docs/p.md", "main")).toBe(original);
    }
    const plain = new Error("socket hang up");
    expect(classifyPutFileError(plain, "docs/p.md", "main")).toBe(plain);
  });

  it("an error without GitHub's answer (no response, or no body) is classified by its status and message", () => {
    const bare = Object.assign(new Error("Conflict"), { status: 409 });
    expect(classifyPutFileError(bare, "docs/p.md", "main")).toBeInstanceOf(StaleFileError);
    const noBody = Object.assign(new Error("Protected branch update failed"), { status: 409, response: {} });
    expect(classifyPutFileError(noBody, "docs/p.md", "main")).toBeInstanceOf(ProtectedBranchError);
  });

  it("a 403 that says the sha does not match is not a stale file (only a 409 or 422 is)", () => {
    const original = new StubHttpError(403, { message: "sha does not match" });
    expect(classifyPutFileError(original, "docs/p.md", "main")).toBe(original);
  });

  it("a 403 whose documentation is about something else is not protection", () => {
    const original = new StubHttpError(403, {
      message: "Forbidden",
      documentation_url: "https://docs.github.com/rest/rate-limit",
    });
    expect(classifyPutFileError(original, "docs/p.md", "main")).toBe(original);
  });
});
