import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseMarker } from "../../src/render/marker.js";
import { startApp, type TestApp } from "../support/start-app.js";

/** The shared plan template, its six tasks filled in: two per area (DATA, GAIN, EDH). */
const PLAN = readFileSync(new URL("../../fixtures/routing/template-plan.md", import.meta.url), "utf8");
const PLAN_PATH = "docs/plans/risk-score.md";
const CONFIG_PATH = ".github/plan-sync.yml";

const ROUTED_CONFIG = [
  "areas:",
  "  DATA: { repo: acme/data }",
  "  GAIN:",
  "    repo: acme/gain",
  "    label: gain",
  "  EDH: { repo: acme/edh }",
  "",
].join("\n");

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const botIssues = (repo: string) => h.github.issues(repo).filter((i) => i.user.login === h.github.botLogin);
const taskIssues = (repo: string) => botIssues(repo).filter((i) => /^[A-Z]+\d+:/.test(i.title));
const taskIds = (repo: string) => taskIssues(repo).map((i) => i.title.split(":")[0]);
const trackingIssues = () => botIssues("acme/plans").filter((i) => i.title.endsWith("(plan)"));
const writesTo = (repo: string) => h.github.writes().filter((w) => w.path.startsWith(`/repos/${repo}/`));

/** acme/plans holds the plan; acme/data, acme/gain and acme/edh are in the same installation and accept it. */
async function routedHarness(config = ROUTED_CONFIG): Promise<TestApp> {
  const harness = await startApp({ files: { "README.md": "# plans\n", [CONFIG_PATH]: config } });
  const accept = {
    "acme/data": "accept: [acme/plans]\n",
    "acme/gain": "accept: acme/*\n",
    "acme/edh": "accept:\n  - acme/other\n  - acme/plans\n",
  };
  for (const [name, text] of Object.entries(accept))
    harness.github.createRepo(name, { files: { [CONFIG_PATH]: text }, installationId: 77 });
  return harness;
}

describe("areas routed to other repositories", () => {
  it("the template plan with three routed areas: each task's issue in its area's repository, none in the plan's", async () => {
    h = await routedHarness();
    await h.push({ [PLAN_PATH]: PLAN });

    expect(taskIds("acme/data")).toEqual(["DATA1", "DATA2"]);
    expect(taskIds("acme/gain")).toEqual(["GAIN1", "GAIN2"]);
    expect(taskIds("acme/edh")).toEqual(["EDH1", "EDH2"]);
    // The plan's repository holds only the tracking issue, whose sub-issues are exactly the task issues.
    expect(botIssues("acme/plans").map((i) => i.title)).toEqual(["Supplier risk score (plan)"]);
    const [tracking] = trackingIssues();
    expect(h.github.subIssues("acme/plans", tracking!.number)).toEqual([
      ...botIssues("acme/data").map((i) => `acme/data#${i.number}`),
      ...botIssues("acme/gain").map((i) => `acme/gain#${i.number}`),
      ...botIssues("acme/edh").map((i) => `acme/edh#${i.number}`),
    ]);
    expect(tracking!.state).toBe("open");
    expect(tracking!.body).toContain("| GAIN | acme/gain | 0 of 2 |");
    expect(tracking!.body).toContain(`[\`${PLAN_PATH}\`](`);
    // The marker names the plan's repository and path: identity survives the move to another tracker.
    expect(parseMarker(botIssues("acme/gain")[1]!.body ?? "")).toMatchObject({
      path: PLAN_PATH,
      task: "GAIN2",
      repo: "acme/plans",
    });
    // The issue links back to the plan in the plan's repository.
    expect(botIssues("acme/data")[0]!.body).toContain(`/acme/plans/blob/`);
    // Labels are created where the issues are, with the area's configured name.
    expect(h.github.labels("acme/gain").map((l) => l.name)).toEqual(expect.arrayContaining(["gain", "plan-sync"]));
    expect(h.github.labels("acme/data").map((l) => l.name)).toEqual(expect.arrayContaining(["DATA", "plan-sync"]));
    // The plan links each task to its issue in the other repository.
    const gain2 = botIssues("acme/gain")[1]!;
    expect(h.planText(PLAN_PATH)).toMatch(
      new RegExp(`\\| GAIN2 \\(\\[#${gain2.number}\\]\\(http[^)]*/acme/gain/issues/${gain2.number}\\)\\) \\|`),
    );
    const [run] = h.github.checkRuns("acme/plans");
    expect(run).toMatchObject({ conclusion: "success" });
    expect(run!.output.summary).toContain(`[acme/gain#${gain2.number}]`);
  });

  it("a push that changes nothing writes nothing; removing a task closes its issue in its repository", async () => {
    h = await routedHarness();
    await h.push({ [PLAN_PATH]: PLAN });
    h.github.resetCounters();
    await h.push({ "README.md": "# plans, again\n", [PLAN_PATH]: h.planText(PLAN_PATH)! + "\n" });
    expect(h.github.writes().filter((w) => !w.path.includes("/git/"))).toEqual([]);

    const gain1 = botIssues("acme/gain")[0]!;
    const without = h.planText(PLAN_PATH)!.replace(/\| GAIN1 \(\[#\d+\]\([^)]+\)\) \|[^\n]*\n/, "");
    expect(without).not.toContain("GAIN1");
    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: without });
    expect(h.github.issue("acme/gain", gain1.number)).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(writesTo("acme/data")).toEqual([]);
    expect(writesTo("acme/edh")).toEqual([]);
    // Three pushes across four repositories: more than the default 30 s on a loaded 2-core machine.
  }, 120_000);

  it("a repository that has not opted in, or is outside the installation, gets nothing; the check run fails at the config line", async () => {
    const config = [
      "areas:",
      "  DATA:",
      "    repo: acme/data",
      "  GAIN: { repo: acme/gain }",
      "  EDH:",
      "    repo: acme/outside",
      "",
    ].join("\n");
    h = await startApp({ files: { "README.md": "# plans\n", [CONFIG_PATH]: config } });
    h.github.createRepo("acme/data", {
      files: { [CONFIG_PATH]: "labels:\n  plan: { name: plan-sync }\n" },
      installationId: 77,
    });
    h.github.createRepo("acme/gain", { files: { [CONFIG_PATH]: "accept: [acme/plans]\n" }, installationId: 77 });
    // Public, so the App can read it, but not installed: it must not be written.
    h.github.createRepo("acme/outside", { files: { [CONFIG_PATH]: "accept: [acme/plans]\n" } });
    // An issue from before DATA was routed: a refused route must not close it as removed.
    const before = h.github.createIssue("acme/plans", {
      title: "DATA1: old",
      body: `x\n\n<!-- plan-sync:v1 {"path":"${PLAN_PATH}","task":"DATA1","hash":"0123456789abcdef"} -->`,
      user: h.github.botLogin,
    });

    await h.push({ [PLAN_PATH]: PLAN });

    expect(writesTo("acme/data")).toEqual([]);
    expect(writesTo("acme/outside")).toEqual([]);
    expect(taskIds("acme/gain")).toEqual(["GAIN1", "GAIN2"]);
    expect(h.github.issue("acme/plans", before.number)).toMatchObject({ state: "open", title: "DATA1: old" });
    expect(taskIds("acme/plans")).toEqual(["DATA1"]);

    const [run] = h.github.checkRuns("acme/plans");
    expect(run).toMatchObject({ conclusion: "failure" });
    const annotations = run!.output.annotations.filter((a) => a.path === CONFIG_PATH);
    expect(annotations.map((a) => [a.start_line, a.annotation_level])).toEqual([
      [3, "failure"],
      [6, "failure"],
    ]);
    expect(annotations[0]!.message).toContain("acme/data has not agreed to take issues from acme/plans");
    expect(annotations[0]!.message).toContain("accept: [acme/plans]");
    expect(annotations[1]!.message).toContain("the plan-sync App is not installed on acme/outside");
  });

  it("a repository of another owner is refused even when installed and accepting", async () => {
    h = await routedHarness(["areas:", "  DATA: { repo: evil/data }", ""].join("\n"));
    h.github.createRepo("evil/data", { files: { [CONFIG_PATH]: "accept: [acme/plans]\n" }, installationId: 77 });
    await h.push({ [PLAN_PATH]: PLAN });
    expect(writesTo("evil/data")).toEqual([]);
    const [run] = h.github.checkRuns("acme/plans");
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run!.output.annotations.find((a) => a.path === CONFIG_PATH)).toMatchObject({
      start_line: 2,
      message: expect.stringContaining("evil/data belongs to another owner than acme/plans"),
    });
    // The areas that stay home sync as before.
    expect(taskIds("acme/plans")).toEqual(["GAIN1", "GAIN2", "EDH1", "EDH2"]);
  });

  it("closing GAIN2 in the gain repository ticks the plan in the plan repository; reopening unticks it", async () => {
    h = await routedHarness();
    await h.push({ [PLAN_PATH]: PLAN });
    // The harness's App handles issues too (src/index.ts wires them all); flush() runs the burst without its window.
    const probot = h.probot;
    const gain2 = botIssues("acme/gain")[1]!;
    const deliver = async (action: "closed" | "reopened") => {
      const payload = h.github.issuesPayload("acme/gain", gain2.number, action, { sender: "ada" });
      await probot.receive({ id: `gain2-${action}`, name: "issues", payload: payload as never });
      await h.app.flush();
    };
    const before = h.planText(PLAN_PATH)!;

    h.github.updateIssue("acme/gain", gain2.number, { state: "closed", stateReason: "completed" }, "ada");
    await deliver("closed");
    const ticked = h.planText(PLAN_PATH)!;
    expect(ticked).toMatch(new RegExp(`\\| \\[x\\] GAIN2 \\(\\[#${gain2.number}\\]`));
    // Only the checkbox bytes changed.
    expect(ticked.replace("[x] GAIN2", "GAIN2")).toBe(before);
    expect(h.github.log("acme/plans")[0]!.authorLogin).toBe(h.github.botLogin);
    // Nothing is committed to the gain repository.
    expect(h.github.log("acme/gain").every((c) => c.authorLogin !== h.github.botLogin)).toBe(true);
    // The tracking issue in the plan repository follows the write-back: GAIN's progress as the plan now says.
    const [tracking] = trackingIssues();
    expect(h.github.issue("acme/plans", tracking!.number)!.body).toContain("| GAIN | acme/gain | 1 of 2 |");
    expect(writesTo("acme/gain").filter((w) => w.method === "PATCH")).toEqual([]);

    h.github.updateIssue("acme/gain", gain2.number, { state: "open", stateReason: "reopened" }, "ada");
    await deliver("reopened");
    expect(h.planText(PLAN_PATH)).toMatch(new RegExp(`\\| \\[ \\] GAIN2 \\(\\[#${gain2.number}\\]`));
    expect(h.github.issue("acme/plans", tracking!.number)!.body).toContain("| GAIN | acme/gain | 0 of 2 |");
  });

  it("an issue whose marker names a plan repository that does not route its area here writes nothing there", async () => {
    h = await routedHarness(["areas:", "  DATA: { repo: acme/data }", ""].join("\n"));
    await h.push({ [PLAN_PATH]: PLAN });
    // GAIN stays home in acme/plans; an App issue in acme/gain claiming to be GAIN1 of acme/plans must not tick it.
    const stray = h.github.createIssue("acme/gain", {
      title: "GAIN1: stray",
      body: `<!-- plan-sync:v1 {"path":"${PLAN_PATH}","task":"GAIN1","hash":"0123456789abcdef","repo":"acme/plans"} -->`,
      user: h.github.botLogin,
    });
    const probot = h.probot;
    const before = h.planText(PLAN_PATH);
    h.github.updateIssue("acme/gain", stray.number, { state: "closed", stateReason: "completed" }, "ada");
    const payload = h.github.issuesPayload("acme/gain", stray.number, "closed", { sender: "ada" });
    await probot.receive({ id: "stray", name: "issues", payload: payload as never });
    await h.app.flush();
    expect(h.planText(PLAN_PATH)).toBe(before);
  });

  it("first sync writes: one per task, per label, the tracking issue and one sub-issue link per task (no read per task)", async () => {
    h = await routedHarness();
    h.commit({ [PLAN_PATH]: PLAN });
    h.github.resetCounters();
    await h.deliverPush();
    await h.settle();
    const writes = h.github.writes().filter((w) => w.status < 400);
    const count = (re: RegExp) => writes.filter((w) => re.test(`${w.method} ${w.path}`)).length;
    expect(count(/^POST \/repos\/[^/]+\/[^/]+\/issues$/)).toBe(6 + 1);
    expect(count(/^POST \/repos\/[^/]+\/[^/]+\/labels$/)).toBe(6);
    expect(count(/\/sub_issues$/)).toBe(6);
    // The rest: the link commit into the plan and the check run.
    expect(writes.length - 19).toBe(count(/\/contents\/|\/check-runs/));
    const reads = h.github.requests.filter((r) => r.method === "GET");
    // Per target repository: its config, its issues, its labels; none per task.
    for (const repo of ["acme/data", "acme/gain", "acme/edh"])
      expect(reads.filter((r) => r.path.startsWith(`/repos/${repo}/`)).map((r) => r.path)).toEqual([
        `/repos/${repo}/contents/.github/plan-sync.yml`,
        `/repos/${repo}/issues`,
        `/repos/${repo}/labels`,
      ]);
  });

  it("the tracking issue closes when every task is ticked and reopens when one is unticked", async () => {
    h = await routedHarness();
    await h.push({ [PLAN_PATH]: PLAN });
    const [tracking] = trackingIssues();
    await h.push({ [PLAN_PATH]: h.planText(PLAN_PATH)!.replace(/^\| ((?:DATA|GAIN|EDH)\d)/gm, "| [x] $1") });
    expect(taskIssues("acme/gain").map((i) => i.state)).toEqual(["closed", "closed"]);
    expect(h.github.issue("acme/plans", tracking!.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(h.github.issue("acme/plans", tracking!.number)!.body).toContain("| GAIN | acme/gain | 2 of 2 |");

    await h.push({ [PLAN_PATH]: h.planText(PLAN_PATH)!.replace("| [x] EDH2", "| [ ] EDH2") });
    expect(h.github.issue("acme/plans", tracking!.number)).toMatchObject({ state: "open" });
    expect(h.github.issue("acme/plans", tracking!.number)!.body).toContain("| EDH | acme/edh | 1 of 2 |");
    expect(trackingIssues()).toHaveLength(1);
  });

  it("tracking: false keeps no tracking issue", async () => {
    h = await routedHarness(`${ROUTED_CONFIG}tracking: false\n`);
    await h.push({ [PLAN_PATH]: PLAN });
    expect(taskIds("acme/gain")).toEqual(["GAIN1", "GAIN2"]);
    expect(botIssues("acme/plans")).toEqual([]);
    expect(h.github.writes().filter((w) => w.path.endsWith("/sub_issues"))).toEqual([]);
  });

  describe("a Depends on column", () => {
    /** The template plan with a `Depends on` column in each task table: the cells by task ID. */
    const withDependsOn = (plan: string, deps: Record<string, string>) =>
      plan
        .split("\n")
        .map((line, i, lines) => {
          if (line.startsWith("| Task ID |")) return `${line} Depends on |`;
          if (lines[i - 1]?.startsWith("| Task ID |")) return `${line}------------|`;
          const id = /^\| (?:\[[ x]\] )?((?:DATA|GAIN|EDH)\d)/.exec(line)?.[1];
          return id ? `${line} ${deps[id] ?? ""} |` : line;
        })
        .join("\n");
    const DEPS = { DATA1: "—", DATA2: "DATA1", GAIN1: "DATA2", GAIN2: "GAIN1, DATA1", EDH1: "GAIN1" };
    const ref = (repo: string, task: string) => {
      const issue = taskIssues(repo).find((i) => i.title.startsWith(`${task}:`))!;
      return `${repo}#${issue.number}`;
    };
    const blockedBy = (repo: string, task: string) => h.github.blockedBy(repo, Number(ref(repo, task).split("#")[1]));

    it("becomes GitHub's blocked-by links across repositories, kept in sync when the column changes, read never", async () => {
      h = await routedHarness();
      await h.push({ [PLAN_PATH]: withDependsOn(PLAN, DEPS) });

      expect(blockedBy("acme/data", "DATA1")).toEqual([]);
      expect(blockedBy("acme/data", "DATA2")).toEqual([ref("acme/data", "DATA1")]);
      expect(blockedBy("acme/gain", "GAIN1")).toEqual([ref("acme/data", "DATA2")]);
      expect(blockedBy("acme/gain", "GAIN2")).toEqual([ref("acme/gain", "GAIN1"), ref("acme/data", "DATA1")]);
      expect(blockedBy("acme/edh", "EDH1")).toEqual([ref("acme/gain", "GAIN1")]);
      expect(blockedBy("acme/edh", "EDH2")).toEqual([]);
      // The links are recorded in the markers with the creation: no body rewrite for them.
      expect(parseMarker(taskIssues("acme/gain")[1]!.body ?? "")).toMatchObject({ deps: ["GAIN1", "DATA1"] });
      expect(h.github.writes().filter((w) => w.method === "PATCH" && /\/acme\/(data|gain|edh)\//.test(w.path))).toEqual(
        [],
      );

      // A push that changes nothing reads no dependencies and writes nothing.
      h.github.resetCounters();
      await h.push({ "README.md": "# plans, again\n", [PLAN_PATH]: h.planText(PLAN_PATH)! + "\n" });
      expect(h.github.writes().filter((w) => !w.path.includes("/git/"))).toEqual([]);
      expect(h.github.requests.filter((r) => r.path.includes("/dependencies"))).toEqual([]);

      // GAIN2 now waits for DATA2 only: one link added, two removed, the marker records it.
      h.github.resetCounters();
      await h.push({ [PLAN_PATH]: h.planText(PLAN_PATH)!.replace("| GAIN1, DATA1 |", "| DATA2 |") });
      expect(blockedBy("acme/gain", "GAIN2")).toEqual([ref("acme/data", "DATA2")]);
      expect(blockedBy("acme/gain", "GAIN1")).toEqual([ref("acme/data", "DATA2")]);
      const dependencyWrites = h.github
        .writes()
        .filter((w) => w.path.includes("/dependencies/"))
        .map((w) => w.method);
      expect(dependencyWrites.sort()).toEqual(["DELETE", "DELETE", "POST"]);
      expect(parseMarker(taskIssues("acme/gain")[1]!.body ?? "")).toMatchObject({ deps: ["DATA2"] });
      expect(h.github.requests.filter((r) => r.method === "GET" && r.path.includes("/dependencies"))).toEqual([]);

      // Removing the column removes every link.
      const plain = h
        .planText(PLAN_PATH)!
        .split("\n")
        .map((line) =>
          /^\|( Task ID|-{3}| \[?[ x\]]* ?(DATA|GAIN|EDH)\d)/.test(line) ? line.replace(/[^|]*\|$/, "") : line,
        )
        .join("\n");
      expect(plain).not.toContain("Depends on");
      await h.push({ [PLAN_PATH]: plain });
      for (const [repo, task] of [
        ["acme/data", "DATA2"],
        ["acme/gain", "GAIN1"],
        ["acme/gain", "GAIN2"],
        ["acme/edh", "EDH1"],
      ] as const)
        expect(blockedBy(repo, task)).toEqual([]);
      expect(parseMarker(taskIssues("acme/gain")[1]!.body ?? "")?.deps).toBeUndefined();
    });

    it("an unknown task ID or a cycle fails the check run at the cell and writes no issue", async () => {
      h = await routedHarness();
      const bad = withDependsOn(PLAN, { ...DEPS, GAIN2: "GAIN9", DATA1: "EDH1" });
      await h.push({ [PLAN_PATH]: bad });
      expect(taskIssues("acme/gain")).toEqual([]);
      const [run] = h.github.checkRuns("acme/plans");
      expect(run).toMatchObject({ conclusion: "failure" });
      const lines = bad.split("\n");
      // The check run places the annotation on the row; the column is in the CLI's file:line:col (parse fixtures).
      const rowOf = (task: string) => lines.findIndex((l) => l.startsWith(`| ${task} `)) + 1;
      const found = run!.output.annotations.filter((a) => a.path === PLAN_PATH).map((a) => [a.start_line, a.message]);
      expect(found).toEqual(
        expect.arrayContaining([
          [rowOf("DATA2"), expect.stringContaining("DATA1 → EDH1 → GAIN1 → DATA2 → DATA1")],
          [rowOf("GAIN2"), expect.stringContaining('GAIN2 depends on "GAIN9", which is no task of this plan')],
        ]),
      );
    });
  });

  it("the pull request preview names each task's repository and flags refused routes before merge", async () => {
    const config = [
      "areas:",
      "  DATA: { repo: acme/data }",
      "  GAIN:",
      "    repo: acme/gain",
      "  EDH: { repo: other/edh }",
      "",
    ].join("\n");
    h = await startApp({ files: { "README.md": "# plans\n", [CONFIG_PATH]: config } });
    h.github.createRepo("acme/data", { files: { [CONFIG_PATH]: "accept: [acme/plans]\n" }, installationId: 77 });
    // Installed, but has not agreed to take acme/plans' issues.
    h.github.createRepo("acme/gain", {
      files: { [CONFIG_PATH]: "labels:\n  plan: { name: plan-sync }\n" },
      installationId: 77,
    });
    h.github.createBranch("acme/plans", "risk-plan");
    h.github.commit("acme/plans", "risk-plan", { [PLAN_PATH]: PLAN }, "Add the plan", "ada");
    const pr = h.github.openPullRequest("acme/plans", { head: "risk-plan", title: "Risk score plan", user: "ada" });
    h.github.resetCounters();
    const payload = h.github.pullRequestPayload("acme/plans", pr.number, "opened");
    await h.probot.receive({ id: "pr-1", name: "pull_request", payload: payload as never });
    await h.settle();

    const [comment] = h.github.comments("acme/plans", pr.number).filter((c) => c.user.login === h.github.botLogin);
    expect(comment!.body).toContain("`DATA1` DATA1: Create risk.supplier_score table in acme/data");
    expect(comment!.body).toContain("`DATA2` DATA2: Nightly scoring job in acme/data");
    // Refused routes: at the config line, with the reason, and none of their tasks is listed to create anywhere.
    expect(comment!.body).toMatch(
      /\[line 4\]\([^)]*\.github\/plan-sync\.yml#L4\) `routing-refused`: GAIN tasks are routed to acme\/gain, but acme\/gain has not agreed to take issues from acme\/plans/,
    );
    expect(comment!.body).toMatch(
      /\[line 5\]\([^)]*#L5\) `routing-refused`: EDH tasks are routed to other\/edh, but other\/edh belongs to another owner/,
    );
    expect(comment!.body).not.toContain("`GAIN1`");
    const run = h.github
      .checkRuns("acme/plans")
      .find((r) => r.headSha === h.github.branchHead("acme/plans", "risk-plan"));
    expect(run).toMatchObject({ conclusion: "failure" });
    // The preview reads the targets and writes nothing there.
    expect(h.github.writes().filter((w) => !w.path.startsWith("/repos/acme/plans/"))).toEqual([]);
  });
});
