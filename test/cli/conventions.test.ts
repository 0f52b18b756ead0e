import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands.js";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT, runCli, runCliIn } from "./run-cli.js";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

describe("plan-sync --version", () => {
  it("prints package.json's version and exits 0, as -V too, through the real bin", () => {
    for (const flag of ["--version", "-V"]) {
      const run = spawnSync(process.execPath, ["bin/plan-sync.js", flag], { cwd: REPO_ROOT, encoding: "utf8" });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
      expect(run.stderr).toBe("");
    }
  });
});

describe("per-command --help", () => {
  it("lists every option of every command, with its value and description", async () => {
    for (const command of commands) {
      const run = await runCli(command.name, "--help");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: plan-sync ${command.name}[ \\n]`));
      for (const option of command.options) {
        const label = `--${option.name}${option.value ? ` ${option.value}` : ""}`;
        expect(run.stdout).toMatch(new RegExp(`\\n  (-\\w, |    )${escape(label)} +${escape(option.description)}\\n`));
      }
    }
  });

  it("names check's, preview's, sync's and init's options", async () => {
    expect((await runCli("check", "-h")).stdout).toContain("--format text|json|github");
    expect((await runCli("check", "--help")).stdout).toContain("--max-warnings N");
    expect((await runCli("preview", "--help")).stdout).toContain("--config FILE");
    const sync = (await runCli("sync", "--help")).stdout;
    for (const o of ["--repo OWNER/NAME", "--ref BRANCH", "--before SHA", "--dry-run", "--json", "--confirm-close"]) {
      expect(sync).toContain(o);
    }
    expect((await runCli("help", "init")).stdout).toContain("--workflow");
  });
});

describe("did you mean", () => {
  it("suggests the command a typo was meant to be, exit 2", async () => {
    const run = await runCli("chekc", "plan.md");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^plan-sync: unknown command "chekc"; did you mean "check"\?\n/);
    expect((await runCli("previw")).stderr).toContain('did you mean "preview"?');
    expect((await runCli("snyc")).stderr).toContain('did you mean "sync"?');
  });

  it("suggests nothing for a word close to no command", async () => {
    const run = await runCli("deploy");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^plan-sync: unknown command "deploy"\n/);
  });

  it("suggests the option a typo was meant to be, exit 2, naming the command", async () => {
    const check = await runCli("check", "fixtures/cli/clean.md", "--max-warning", "3");
    expect(check.code).toBe(2);
    expect(check.stdout).toBe("");
    expect(check.stderr).toMatch(/^plan-sync check: unknown option --max-warning; did you mean --max-warnings\?\n/);
    expect(check.stderr).toContain("`plan-sync check --help` lists every option");
    expect((await runCli("check", "--form=json")).stderr).toContain("did you mean --format?");
    expect((await runCli("preview", "x.md", "--jsn")).stderr).toContain("unknown option --jsn; did you mean --json?");
    expect((await runCli("sync", "--dryrun")).stderr).toContain("unknown option --dryrun; did you mean --dry-run?");
    expect((await runCli("init", "--workflw")).stderr).toContain("did you mean --workflow?");
  });

  it("says an option goes after the command", async () => {
    const run = await runCli("--json", "check");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("plan-sync: unknown option --json (a command comes first");
  });

  it("rejects a --format it does not know, suggesting the nearest", async () => {
    const run = await runCli("check", "fixtures/cli/clean.md", "--format", "githb");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format must be one of text, json, github; got "githb" (did you mean github?)');
    expect((await runCli("check", "--format")).stderr).toContain("argument missing");
  });

  it("rejects a --max-warnings that is not a whole number", async () => {
    for (const bad of ["-1", "many", "2.5"]) {
      const run = await runCli("check", "fixtures/cli/clean.md", `--max-warnings=${bad}`);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--max-warnings takes a whole number of 0 or more; got "${bad}"`);
    }
  });
});

describe("internal errors", () => {
  const failingStdout = (env: Record<string, string>) => {
    let stderr = "";
    const io = {
      stdout: () => {
        throw new Error("EPIPE: the reader went away\nsecond line");
      },
      stderr: (s: string) => void (stderr += s),
      cwd: REPO_ROOT,
      env,
    };
    return { io, stderr: () => stderr };
  };

  it("are one line and exit 70, no stack trace", async () => {
    const { io, stderr } = failingStdout({});
    const code = await main(["check", "fixtures/cli/clean.md"], io);
    expect(code).toBe(70);
    expect(stderr()).toMatch(
      /plan-sync: internal error: EPIPE: the reader went away \(an internal error: please report it; set DEBUG=1 for the stack trace\)\n$/,
    );
    expect(stderr()).not.toMatch(/\n\s+at /);
  });

  it("show the stack trace with DEBUG set", async () => {
    const { io, stderr } = failingStdout({ DEBUG: "1" });
    expect(await main(["check", "fixtures/cli/clean.md"], io)).toBe(70);
    expect(stderr()).toMatch(/\n\s+at /);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("colours", () => {
  const ESC = "\u001b[";
  const problems = ["check", "fixtures/cli/problems.md"];

  it("colour the severity on a terminal", async () => {
    const run = await runCliIn(REPO_ROOT, problems, { stdoutIsTTY: true });
    expect(run.stdout).toContain(`${ESC}31m${ESC}1merror${ESC}22m${ESC}39m`);
    expect(run.stdout).toContain(`${ESC}33mwarning${ESC}39m`);
  });

  it("are off with NO_COLOR, on a terminal too", async () => {
    const run = await runCliIn(REPO_ROOT, problems, { stdoutIsTTY: true, env: { NO_COLOR: "1" } });
    expect(run.stdout).toContain("fixtures/cli/problems.md:10:3: error: Task ID DATA1");
    expect(run.stdout).not.toContain(ESC);
  });

  it("are off when piped (the real bin, stdout a pipe), and on with FORCE_COLOR", () => {
    const env = { ...process.env, NO_COLOR: "", FORCE_COLOR: "" };
    const piped = spawnSync(process.execPath, ["bin/plan-sync.js", ...problems], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env,
    });
    expect(piped.stdout).toContain("fixtures/cli/problems.md:10:3: error: ");
    expect(piped.stdout).not.toContain(ESC);
    const forced = spawnSync(process.execPath, ["bin/plan-sync.js", ...problems], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...env, FORCE_COLOR: "1" },
    });
    expect(forced.stdout).toContain(`${ESC}31m`);
  });
});
