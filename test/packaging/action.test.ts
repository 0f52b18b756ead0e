import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build, type BuildOptions } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ActionInputError, actionArguments } from "../../src/action/action-arguments.js";
import { answerTokenOwner, startCliFake } from "../support/cli-sync.js";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { SEARCH_PLAN_PATH } from "../support/search-plan.js";

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
}
const actionYml = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;

describe("action.yml", () => {
  it("runs the bundled dist/index.js on Node 24", () => {
    expect(actionYml.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("takes the workflow's own token and repository unless told otherwise", () => {
    expect(actionYml.inputs.token?.default).toBe("${{ github.token }}");
    expect(actionYml.inputs.repository?.default).toBe("${{ github.repository }}");
    for (const [name, spec] of Object.entries(actionYml.inputs)) expect(spec.description, name).toBeTruthy();
  });

  it("has an input for each sync option and each check option the Action passes on", () => {
    expect(Object.keys(actionYml.inputs).sort()).toEqual(
      [
        "before",
        "command",
        "config",
        "confirm-close",
        "dry-run",
        "identity",
        "max-warnings",
        "plans",
        "ref",
        "repository",
        "token",
      ].sort(),
    );
  });
});

describe("the Action's inputs as a plan-sync command line", () => {
  /** The runner's environment for `with:` inputs, defaults filled in as action.yml gives them. */
  function inputs(withInputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = { ...extra };
    for (const [name, spec] of Object.entries(actionYml.inputs))
      env[`INPUT_${name.toUpperCase()}`] =
        withInputs[name] ?? (spec.default?.startsWith("${{") ? "" : (spec.default ?? ""));
    return env;
  }

  it("on a push, syncs what the push changed, from the event's before, as the App does", () => {
    const env = inputs({ token: "t0ken", repository: "acme/plans" }, { GITHUB_EVENT_NAME: "push" });
    expect(actionArguments(env, { before: "3f2c1e0" })).toEqual({
      argv: ["sync", "--repo", "acme/plans", "--before", "3f2c1e0"],
      env: { GITHUB_TOKEN: "t0ken" },
    });
  });

  it("passes the token in the environment, never on the command line", () => {
    const { argv } = actionArguments(inputs({ token: "t0ken" }));
    expect(argv.join(" ")).not.toContain("t0ken");
  });

  it("syncs named plans in full, and every plan on other events", () => {
    const push = { GITHUB_EVENT_NAME: "push" };
    expect(actionArguments(inputs({ plans: "docs/a.md\ndocs/b.md" }, push), { before: "abc" }).argv).toEqual([
      "sync",
      "docs/a.md",
      "docs/b.md",
    ]);
    expect(actionArguments(inputs({}, { GITHUB_EVENT_NAME: "issues" }), { before: "abc" }).argv).toEqual(["sync"]);
  });

  it("passes every sync option", () => {
    const env = inputs({
      ref: "main",
      before: "abc",
      "dry-run": "true",
      "confirm-close": "true",
      identity: "plan-sync[bot]",
    });
    expect(actionArguments(env).argv).toEqual([
      "sync",
      "--ref",
      "main",
      "--before",
      "abc",
      "--dry-run",
      "--confirm-close",
      "--identity",
      "plan-sync[bot]",
    ]);
  });

  it("checks with workflow-command output, so errors are annotated at their lines", () => {
    const env = inputs({ command: "check", plans: "docs/plan.md", config: "cfg.yml", "max-warnings": "0" });
    expect(actionArguments(env).argv).toEqual([
      "check",
      "--format",
      "github",
      "--config",
      "cfg.yml",
      "--max-warnings",
      "0",
      "docs/plan.md",
    ]);
  });

  it("refuses an unknown command or a switch that is not true/false, naming the input", () => {
    expect(() => actionArguments(inputs({ command: "push" }))).toThrow(ActionInputError);
    expect(() => actionArguments(inputs({ "dry-run": "yes" }))).toThrow(/input dry-run: expected true or false/);
  });
});

describe("dist/index.js, the bundle action.yml runs (built here as `npm run build:action` builds it)", () => {
  let fake: FakeGitHub;
  let dir: string;

  beforeAll(async () => {
    ({ fake } = await startCliFake());
    // Alone in a directory: no node_modules to fall back on, as on a runner.
    dir = mkdtempSync(join(tmpdir(), "plan-sync-action-"));
    // The build script itself, so the bundle is exactly what `npm run build:action` makes.
    const script = pathToFileURL(join(ROOT, "scripts/build-action.js")).href;
    const { actionBuildOptions } = (await import(script)) as { actionBuildOptions: BuildOptions };
    await build({ ...actionBuildOptions, outdir: dir });
  }, 120_000);

  afterAll(async () => {
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("syncs a plan with no dependencies installed, with the inputs a workflow gives it", async () => {
    answerTokenOwner(fake, "alice");
    const { stdout } = await run(process.execPath, [join(dir, "index.js")], {
      cwd: dir,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        GITHUB_API_URL: fake.url,
        GITHUB_EVENT_NAME: "workflow_dispatch",
        INPUT_COMMAND: "sync",
        INPUT_TOKEN: "alice-token",
        INPUT_REPOSITORY: "acme/plans",
        INPUT_PLANS: SEARCH_PLAN_PATH,
        "INPUT_DRY-RUN": "true",
      },
    });
    expect(stdout).toContain("Dry run for acme/plans");
    expect(stdout).toMatch(/create issue\s+\S+: /);
  });

  it("checks plans with annotations at their lines, parsing them in its bundled worker", async () => {
    const failure = await run(process.execPath, [join(dir, "index.js")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, INPUT_COMMAND: "check", INPUT_PLANS: "fixtures/cli/problems.md" },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stdout: string }).stdout).toMatch(/^::error file=fixtures\/cli\/problems\.md,line=10,col=3/m);
  });

  it("ships the parse worker as files of its own beside index.js, which the worker pool loads by path", () => {
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith(".js"))
        .sort(),
    ).toEqual(["index.js", "parse-worker.js", "worker.js"]);
    // index.js points the pool at the bundled worker, not at lib/parse-worker/worker.js (absent on a runner).
    expect(readFileSync(join(dir, "index.js"), "utf8")).toContain('new URL("./parse-worker.js"');
  });

  it("ends a plan that runs past the parse budget in its bundled worker, with the error annotated, and exits", async () => {
    const failure = await run(process.execPath, [join(dir, "index.js")], {
      cwd: ROOT,
      timeout: 120_000,
      env: {
        PATH: process.env.PATH,
        INPUT_COMMAND: "check",
        INPUT_PLANS: "fixtures/hostile/emphasis-paragraphs/plan.md",
        PLAN_SYNC_PARSE_TIMEOUT_MS: "500",
      },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stdout: string }).stdout).toMatch(
      /^::error file=fixtures\/hostile\/emphasis-paragraphs\/plan\.md,line=9,col=1,title=plan-sync plan-too-complex::Reading this plan ran past plan-sync's limit of 0\.5 s of processor time/m,
    );
  }, 150_000);

  it("reports a bad input as an error annotation and exit code 2", async () => {
    const failure = await run(process.execPath, [join(dir, "index.js")], {
      cwd: dir,
      env: { PATH: process.env.PATH, INPUT_COMMAND: "push" },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stdout: string }).stdout).toContain(
      '::error title=plan-sync::input command: expected sync or check, got "push"',
    );
  });
});
