import { describe, expect, it } from "vitest";
import { readTokenLogin, type UserLookup } from "../../src/github/token-user.js";
import { stubOctokit } from "./stub-octokit.js";

describe("the token's user", () => {
  it("is the login GET /user answers", async () => {
    const stub = stubOctokit({ "GET /user": { data: { login: "octocat" } } });
    expect(await readTokenLogin(stub as unknown as UserLookup)).toBe("octocat");
    expect(stub.lines()).toEqual(["GET /user"]);
  });

  it("is an error when GitHub answers without a login", async () => {
    const stub = stubOctokit({ "GET /user": [{ data: {} }, { data: { login: "" } }] });
    await expect(readTokenLogin(stub as unknown as UserLookup)).rejects.toThrow("GET /user returned no login");
    await expect(readTokenLogin(stub as unknown as UserLookup)).rejects.toThrow("GET /user returned no login");
  });

  it("throws GitHub's refusal as it came (an installation token gets a 403)", async () => {
    const stub = stubOctokit({
      "GET /user": { status: 403, data: { message: "Resource not accessible by integration" } },
    });
    await expect(readTokenLogin(stub as unknown as UserLookup)).rejects.toMatchObject({ status: 403 });
  });
});
