import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureCases } from "./fixture-cases.js";

describe("fixtureCases", () => {
  const dirs: string[] = [];
  const folder = (cases: Record<string, string[]>) => {
    const root = mkdtempSync(join(tmpdir(), "plan-sync-fixtures-"));
    dirs.push(root);
    for (const [name, files] of Object.entries(cases)) {
      mkdirSync(join(root, name));
      for (const file of files) writeFileSync(join(root, name, file), "x");
    }
    return root;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("lists the case folders by name", () => {
    const root = folder({ "pr-b": ["input.json"], "pr-a": ["input.json"], "other-c": [] });
    writeFileSync(join(root, "pr-readme.md"), "not a case");
    expect(fixtureCases(root, { prefix: "pr-", required: ["input.json"] }).map((c) => c.name)).toEqual([
      "pr-a",
      "pr-b",
    ]);
  });

  it("fails when the folder is empty, so a describe.each over it cannot pass with no tests", () => {
    expect(() => fixtureCases(folder({}))).toThrow(/no fixture cases in .*: nothing would be tested/);
    expect(() => fixtureCases(folder({ "other-a": [] }), { prefix: "pr-" })).toThrow("no fixture cases named pr-*");
    expect(() => fixtureCases(join(tmpdir(), "plan-sync-no-such-folder"))).toThrow("does not exist");
  });

  it("fails when a case lacks a required input instead of skipping it", () => {
    const root = folder({ a: ["plan.md"], b: ["notes.md"] });
    expect(() => fixtureCases(root, { required: ["plan.md"] })).toThrow(/fixture case .*b lacks plan\.md/);
  });
});
