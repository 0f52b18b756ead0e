import type { Context, Probot } from "probot";
import { describe, expect, it, vi } from "vitest";
import { cliLog } from "../../src/cli/cli-log.js";
import { consoleLog, warningsOnly, type Log } from "../../src/log/index.js";
import { capturingLogger } from "../support/capture-log.js";

describe("one Log type (pino's shape)", () => {
  it("Probot's context.log and app.log are a Log as they are: no wrapper between them and the engine", () => {
    // Compile-time: these assignments are the point (a wrapper would be needed if they failed to compile).
    const fromContext = (context: Context<"push">): Log => context.log;
    const fromApp = (app: Probot): Log => app.log;
    expect([fromContext, fromApp]).toHaveLength(2);
  });

  it("a line with fields reaches the operator's log as JSON fields beside the message", () => {
    const { log, lines } = capturingLogger();
    const engineLog: Log = log;
    engineLog.info({ repository: "acme/plans", outcome: "committed" }, "write-back acme/plans docs/plan.md: committed");
    engineLog.warn("plain words");
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, repository: "acme/plans", outcome: "committed", msg: expect.any(String) }),
      expect.objectContaining({ level: 40, msg: "plain words" }),
    ]);
  });

  it("warningsOnly passes warnings and errors (called on the pino logger itself) and drops progress lines", () => {
    const { log, lines } = capturingLogger("debug");
    const quietened = warningsOnly(log);
    quietened.debug("d");
    quietened.info({ n: 1 }, "progress");
    quietened.warn({ path: "docs/plan.md" }, "a link could not be written");
    quietened.error("failed");
    expect(lines.map((l) => [l.level, l.msg, l.path])).toEqual([
      [40, "a link could not be written", "docs/plan.md"],
      [50, "failed", undefined],
    ]);
  });

  it("the CLI's Log says the engine's warnings in words, fields or not, and nothing else", () => {
    const said: string[] = [];
    const log = cliLog((line) => said.push(line));
    log.info({ outcome: "committed" }, "write-back …: committed");
    log.debug("d");
    log.error("e");
    log.warn("a plain warning");
    log.warn({ outcome: "refused" }, "write-back acme/plans docs/plan.md: nothing written: gone");
    expect(said).toEqual(["a plain warning", "write-back acme/plans docs/plan.md: nothing written: gone"]);
  });

  it("consoleLog prints the message, then an error's own object (its stack) rather than the fields around it", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failure = new Error("disk full");
      consoleLog.error({ err: failure }, "job store: cannot read the queue");
      consoleLog.error("plain");
      expect(error.mock.calls).toEqual([["job store: cannot read the queue", failure], ["plain"]]);
    } finally {
      error.mockRestore();
    }
  });
});
