import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  githubMessage,
  httpStatus,
  isAlreadyExists,
  ProtectedBranchError,
  StaleFileError,
} from "../../src/sync/gateway-errors.js";

/**
 * What a failed GitHub request says, as the log lines, check runs and CLI errors quote it. The errors are shaped as
 * Octokit's RequestError carries them: `status`, `message`, and GitHub's JSON body in `response.data`
 * (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#validation-failed).
 */
function requestError(status: number, data: unknown, message = `HttpError ${status}`) {
  return Object.assign(new Error(message), { status, response: { data, headers: {} } });
}

describe("githubMessage: what GitHub said", () => {
  it("a validation failure reads as GitHub's message, then each error's code, field and message, one a line", () => {
    const error = requestError(
      422,
      {
        message: "Validation Failed",
        errors: [
          { resource: "Label", code: "already_exists", field: "name" },
          "Title is too long",
          {
            resource: "Issue",
            code: "custom",
            field: "body",
            message: "body is too long (maximum is 65536 characters)",
          },
          { resource: "Issue", code: "invalid", field: "labels", value: 3 },
          null,
          42,
        ],
        documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
      },
      "Validation Failed: {...}",
    );
    expect(githubMessage(error)).toBe(
      [
        "Validation Failed",
        "already_exists name",
        "Title is too long",
        "custom body body is too long (maximum is 65536 characters)",
        "invalid labels",
      ].join("\n"),
    );
  });

  it("a body with errors and no message reads as the errors alone", () => {
    expect(githubMessage(requestError(422, { errors: ["one", { code: "missing_field", field: "title" }] }))).toBe(
      "one\nmissing_field title",
    );
  });

  it("without a JSON body (none, null, or an HTML page from a proxy) the error's own message is used", () => {
    expect(githubMessage(new Error("socket hang up"))).toBe("socket hang up");
    expect(githubMessage(requestError(502, null, "Bad Gateway"))).toBe("Bad Gateway");
    expect(githubMessage(requestError(502, "<html><h1>502 Bad Gateway</h1></html>", "Bad Gateway"))).toBe(
      "Bad Gateway",
    );
    expect(githubMessage(requestError(500, { documentation_url: "https://docs.github.com" }, "Server Error"))).toBe(
      "Server Error",
    );
  });

  it("something thrown that is not an error object reads as itself; an object without a text message as nothing", () => {
    expect(githubMessage("rate limited")).toBe("rate limited");
    expect(githubMessage(undefined)).toBe("undefined");
    expect(githubMessage(null)).toBe("null");
    expect(githubMessage(404)).toBe("404");
    expect(githubMessage({ status: 500 })).toBe("");
    expect(githubMessage({ status: 500, message: { text: "not a string" } })).toBe("");
  });
});

describe("httpStatus: the HTTP status of a failure", () => {
  it("is the error's numeric status, and undefined for anything else", () => {
    expect(httpStatus(requestError(404, { message: "Not Found" }))).toBe(404);
    expect(httpStatus({ status: "404" })).toBeUndefined();
    expect(httpStatus(new Error("network down"))).toBeUndefined();
    expect(httpStatus(null)).toBeUndefined();
    expect(httpStatus(undefined)).toBeUndefined();
    expect(httpStatus("404")).toBeUndefined();
  });
});

describe("isAlreadyExists: creating what is already there", () => {
  it("is GitHub's 422 saying already_exists (a label) or `Reference already exists` (a branch), and the typed error", () => {
    const label = requestError(422, {
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "already_exists", field: "name" }],
    });
    expect(isAlreadyExists(label)).toBe(true);
    expect(isAlreadyExists(requestError(422, { message: "Reference already exists" }))).toBe(true);
    expect(isAlreadyExists(new AlreadyExistsError("label", "plan-sync"))).toBe(true);
  });

  it("is not any other failure: another 422, a 404, or a 500 whose text happens to say it", () => {
    const invalid = requestError(422, {
      message: "Validation Failed",
      errors: [{ resource: "Label", code: "invalid", field: "color" }],
    });
    expect(isAlreadyExists(invalid)).toBe(false);
    expect(isAlreadyExists(requestError(404, { message: "Not Found" }))).toBe(false);
    expect(isAlreadyExists(requestError(500, { message: "label already exists, retry later" }))).toBe(false);
    expect(isAlreadyExists(new Error("already exists"))).toBe(false);
  });
});

describe("the typed errors callers act on", () => {
  it("name what happened, for the log line and the check run", () => {
    const exists = new AlreadyExistsError("branch", "plan-sync/write-back");
    expect([exists.name, exists.message, exists.kind, exists.what]).toEqual([
      "AlreadyExistsError",
      "branch plan-sync/write-back already exists",
      "branch",
      "plan-sync/write-back",
    ]);
    const stale = new StaleFileError("docs/plans/search.md");
    expect([stale.name, stale.message, stale.path]).toEqual([
      "StaleFileError",
      "docs/plans/search.md changed on GitHub since it was read",
      "docs/plans/search.md",
    ]);
    const protectedBranch = new ProtectedBranchError("main");
    expect([protectedBranch.name, protectedBranch.message, protectedBranch.branch]).toEqual([
      "ProtectedBranchError",
      "branch main is protected",
      "main",
    ]);
  });
});
