import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";

function parsed(raw: unknown) {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

function errorsOf(raw: unknown): string[] {
  const result = parseConfig(raw);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.config)}`);
  return result.errors;
}

describe("routing keys of .github/plan-sync.yml", () => {
  test("an area may name the repository its issues go to; the others stay in the plan's repository", () => {
    const config = parsed({ areas: { DATA: { repo: "acme/data" }, gain: { repo: "acme/gain", label: "gain" } } });
    expect(config.areas.DATA).toEqual({ label: "DATA", color: "1d76db", repo: "acme/data" });
    expect(config.areas.GAIN).toEqual({ label: "gain", color: "0e8a16", repo: "acme/gain" });
    expect(config.areas.EDH).toEqual({ label: "EDH", color: "5319e7" });
  });

  test("a repository that is not owner/name is refused at its key, offline", () => {
    expect(errorsOf({ areas: { DATA: { repo: "data" } } })).toEqual([
      "areas.DATA.repo: expected a repository as owner/name, such as acme/data",
    ]);
    expect(errorsOf({ areas: { DATA: { repo: "https://github.com/acme/data" } } })).toHaveLength(1);
  });

  test("accept takes repositories and owner/*; one entry may be written without a list", () => {
    expect(parsed({ accept: ["acme/planning", "acme/*"] }).accept).toEqual(["acme/planning", "acme/*"]);
    expect(parsed({ accept: "acme/planning" }).accept).toEqual(["acme/planning"]);
    expect(parsed(null).accept).toEqual([]);
    expect(errorsOf({ accept: ["planning"] })).toEqual([
      "accept[0]: expected a repository (owner/name) or owner/*, such as acme/planning",
    ]);
    expect(errorsOf({ accept: ["*/*"] })).toHaveLength(1);
  });

  test("a misspelt area key suggests repo", () => {
    expect(errorsOf({ areas: { DATA: { rep: "acme/data" } } })).toEqual([
      "areas.DATA.rep: unknown key, did you mean `repo`?",
    ]);
    expect(errorsOf({ acept: ["acme/planning"] })).toEqual(["acept: unknown key, did you mean `accept`?"]);
  });
});
