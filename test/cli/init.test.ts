import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import { REPO_ROOT, runCliIn } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";

const BIN = `${REPO_ROOT}bin/plan-sync.js`;
const template = readFileSync(`${REPO_ROOT}templates/plan-template.md`, "utf8");

function bin(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

describe("plan-sync init", () => {
  it("sets up an empty git repository whose result passes plan-sync check (through the real bin)", () => {
    const dir = tempRepo();
    const init = bin(dir, "init");
    expect(init.status).toBe(0);
    expect(init.stdout).toContain("created .github/plan-sync.yml\ncreated docs/plans/plan.md\n");

    const config = readFileSync(`${dir}/.github/plan-sync.yml`, "utf8");
    const schema = JSON.parse(readFileSync(`${REPO_ROOT}schema/plan-sync.schema.json`, "utf8"));
    expect(config.split("\n")[0]).toBe(`# yaml-language-server: $schema=${schema.$id}`);
    // The config is one the App accepts, and it selects the plan it wrote.
    const parsed = parseConfig(parseYaml(config));
    expect(parsed).toMatchObject({ ok: true, config: { paths: ["docs/plans/**/*.md"] } });
    expect(readFileSync(`${dir}/docs/plans/plan.md`, "utf8")).toBe(template);
    expect(existsSync(`${dir}/.github/workflows/plan-sync.yml`)).toBe(false);

    const check = bin(dir, "check", "--format", "json");
    expect(check.status).toBe(0);
    const json = JSON.parse(check.stdout);
    expect(json.errors).toBe(0);
    expect(json.files.map((f: { path: string; config: string }) => [f.path, f.config])).toEqual([
      ["docs/plans/plan.md", ".github/plan-sync.yml"],
    ]);
  });

  it("writes the workflow with --workflow and puts the plan where --plan says, from a subfolder", async () => {
    const dir = tempRepo({ "src/.keep": "" });
    const run = await runCliIn(`${dir}/src`, ["init", "--workflow", "--plan", "../plans/roadmap.md"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "created ../.github/plan-sync.yml\ncreated ../plans/roadmap.md\ncreated ../.github/workflows/plan-sync.yml\n",
    );
    const workflow = parseYaml(readFileSync(`${dir}/.github/workflows/plan-sync.yml`, "utf8"));
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.check.steps.at(-1).run).toBe("node .plan-sync/bin/plan-sync.js check --format github");
    expect(parseConfig(parseYaml(readFileSync(`${dir}/.github/plan-sync.yml`, "utf8")))).toMatchObject({
      config: { paths: ["plans/**/*.md"] },
    });
    const check = await runCliIn(dir, ["check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^plans\/roadmap\.md:\d+:\d+: warning: /);
  });

  it("refuses to overwrite: names each existing file, writes nothing, exits 73", async () => {
    const dir = tempRepo({ "docs/plans/plan.md": "my plan\n" });
    const run = await runCliIn(dir, ["init", "--workflow"]);
    expect(run.code).toBe(73);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "plan-sync init: docs/plans/plan.md already exists; not overwriting it\n" +
        "plan-sync init: nothing was written. Move the file(s) away, or edit them by hand.\n",
    );
    expect(readFileSync(`${dir}/docs/plans/plan.md`, "utf8")).toBe("my plan\n");
    expect(existsSync(`${dir}/.github`)).toBe(false);

    writeFileSync(`${dir}/x`, "");
    const again = await runCliIn(dir, ["init", "--plan", "other.md"]);
    expect(again.code).toBe(0);
    const twice = await runCliIn(dir, ["init", "--plan", "other.md"]);
    expect(twice.code).toBe(73);
    expect(twice.stderr).toContain("plan-sync init: .github/plan-sync.yml already exists; not overwriting it\n");
    expect(twice.stderr).toContain("plan-sync init: other.md already exists; not overwriting it\n");
  });

  it("rejects a plan path that is not Markdown or leaves the repository (exit 2)", async () => {
    const dir = tempRepo();
    expect((await runCliIn(dir, ["init", "--plan", "plan.txt"])).stderr).toContain("--plan must name a Markdown file");
    const outside = await runCliIn(dir, ["init", "--plan", "../elsewhere.md"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("--plan must be inside the repository");
  });
});
