import { Octokit } from "@octokit/rest";
import { FakeGitHub } from "./fake-github/index.js";
import { quiet } from "./quiet-log.js";

/** The in-memory GitHub over HTTP with acme/plans (created with `repo`), a personal token of alice's, and a plain Octokit using it. */
export async function startFakeWithOctokit(
  opts: { repo?: Parameters<FakeGitHub["createRepo"]>[1]; token?: string } = {},
): Promise<{ fake: FakeGitHub; octokit: Octokit }> {
  const token = opts.token ?? "alice-token";
  const fake = new FakeGitHub();
  await fake.start();
  fake.createRepo("acme/plans", opts.repo);
  fake.addToken(token, "alice");
  return { fake, octokit: new Octokit({ auth: token, baseUrl: fake.url, log: quiet }) };
}
