import { describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import type { PlanSyncConfig } from "../../src/config/config-schema.js";
import type { Gateway, IssueRecord, RouteTargets } from "../../src/sync/gateway.js";
import { renderMarker } from "../../src/render/marker.js";
import { renderTrackingMarker } from "../../src/render/tracking-issue.js";
import type { PlanOutcome } from "../../src/sync/plan-outcome.js";
import { planPush } from "../../src/sync/plan-push.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import {
  accepts,
  homeRouting,
  isPlanRepoIssue,
  openRouting,
  planRoutedPush,
  routedAreas,
  routedLabelActions,
  withRoutingProblems,
  type Routing,
} from "../../src/sync/routing.js";
import { createMemoryGateway } from "../github/memory-gateway.js";
import { makePlan } from "../support/plan-factory.js";
import { BOT, ctx, makeIssue } from "./support.js";

/** Areas routed to other repositories (`areas.<ID>.repo`): who may be written to, and what goes where. */

const PLAN_REPO = { owner: "acme", repo: "plans" };
const CONFIG = ".github/plan-sync.yml";

function config(yaml: Record<string, unknown>): PlanSyncConfig {
  const parsed = parseConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

/** A target repository: its issues, and its `.github/plan-sync.yml` (undefined: none). */
function target(fullName: string, configText?: string, issues: IssueRecord[] = []): Gateway {
  const [owner = "", repo = ""] = fullName.split("/");
  const gateway = createMemoryGateway(BOT);
  for (const issue of issues) gateway.issues.set(issue.number, issue);
  return {
    ...gateway,
    repo: { owner, repo },
    // Consent is the target's default branch (ref ""): a config on some other branch agrees to nothing.
    getFile: async (path: string, ref: string) =>
      path === CONFIG && ref === "" && configText !== undefined
        ? { path, text: configText, sha: "1".repeat(40) }
        : null,
  };
}

function targets(byName: Record<string, Gateway | string>): RouteTargets & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    async open(repo) {
      const name = `${repo.owner}/${repo.repo}`;
      opened.push(name);
      const found = byName[name];
      if (found === undefined) throw new Error(`unexpected open of ${name}`);
      return typeof found === "string" ? { ok: false, reason: found } : { ok: true, gateway: found };
    },
  };
}

const routedMarker = (task: string, repo?: string) =>
  renderMarker({ path: "docs/plan.md", task, hash: "0123abcd", ...(repo ? { repo } : {}) });

describe("routedAreas", () => {
  it("lists only areas routed to another repository than the plan's, compared case-insensitively", () => {
    const areas = routedAreas(
      config({ areas: { DATA: { repo: "Acme/Data" }, GAIN: { repo: "ACME/plans" }, EDH: { label: "edh" } } }),
      PLAN_REPO,
    );
    expect([...areas]).toEqual([["DATA", "acme/data"]]);
  });
});

describe("openRouting: consent of the target repositories", () => {
  it("accepts a same-owner target whose config accepts the plan repository, with the identity's issues of this plan repository there", async () => {
    const mine = makeIssue(1, { body: routedMarker("DATA1", "acme/plans") });
    const otherPlans = makeIssue(2, { body: routedMarker("DATA2", "acme/other") });
    const theirOwn = makeIssue(3, { body: routedMarker("DATA3") });
    const someoneElse = makeIssue(4, { body: routedMarker("DATA4", "acme/plans"), author: "octocat" });
    const data = target("acme/data", "\uFEFFaccept: [ACME/Plans]\n", [mine, otherPlans, theirOwn, someoneElse]);
    const t = targets({ "acme/data": data });
    const routing = await openRouting({
      config: config({ areas: { DATA: { repo: "acme/data" }, GAIN: { repo: "acme/data" } } }),
      planRepo: PLAN_REPO,
      identity: BOT,
      targets: t,
    });
    expect(t.opened).toEqual(["acme/data"]);
    expect(routing.planRepo).toBe("acme/plans");
    expect([...routing.areaRepo]).toEqual([
      ["DATA", "acme/data"],
      ["GAIN", "acme/data"],
    ]);
    expect(routing.refused.size).toBe(0);
    expect([...routing.accepted.keys()]).toEqual(["acme/data"]);
    const accepted = routing.accepted.get("acme/data");
    expect(accepted?.repo).toBe("acme/data");
    expect(accepted?.gateway).toBe(data);
    expect(accepted?.issues.map((i) => i.number)).toEqual([1]);
  });

  it("accepts `owner/*`", async () => {
    const routing = await openRouting({
      config: config({ areas: { DATA: { repo: "acme/data" } } }),
      planRepo: PLAN_REPO,
      identity: BOT,
      targets: targets({ "acme/data": target("acme/data", "accept: acme/*\n") }),
    });
    expect([...routing.accepted.keys()]).toEqual(["acme/data"]);
  });

  it("refuses, with the reason a person reads on the check run, every target that may not be written", async () => {
    const t = targets({
      "acme/closed": "the App is not installed on acme/closed",
      "acme/none": target("acme/none"),
      "acme/yaml": target("acme/yaml", "accept: [acme/plans\n"),
      "acme/bad": target("acme/bad", "accept: 3\nwhat: 1\n"),
      "acme/no": target("acme/no", "accept: [acme/other, other/*]\n"),
    });
    const routing = await openRouting({
      config: config({
        areas: {
          DATA: { repo: "other/data" },
          GAIN: { repo: "acme/closed" },
          EDH: { repo: "acme/none" },
          OPS: { repo: "acme/yaml" },
          WEB: { repo: "acme/bad" },
          APP: { repo: "acme/no" },
        },
      }),
      planRepo: PLAN_REPO,
      identity: BOT,
      targets: t,
    });
    // Another owner's repository is not even opened.
    expect(t.opened).toEqual(["acme/closed", "acme/none", "acme/yaml", "acme/bad", "acme/no"]);
    expect(routing.accepted.size).toBe(0);
    const howTo = (name: string) => `add \`accept: [acme/plans]\` (or \`acme/*\`) to ${name}'s .github/plan-sync.yml`;
    expect(Object.fromEntries([...routing.refused].map(([k, r]) => [k, [r.repo, r.areas, r.reason]]))).toEqual({
      "other/data": [
        "other/data",
        ["DATA"],
        "other/data belongs to another owner than acme/plans: plan-sync routes issues only to repositories of the plan's owner",
      ],
      "acme/closed": ["acme/closed", ["GAIN"], "the App is not installed on acme/closed"],
      "acme/none": [
        "acme/none",
        ["EDH"],
        `acme/none has not agreed to take issues from acme/plans: it has no .github/plan-sync.yml; ${howTo("acme/none")}`,
      ],
      "acme/yaml": [
        "acme/yaml",
        ["OPS"],
        // The parser's first line only: the rest is a multi-line excerpt of the file.
        "acme/yaml's .github/plan-sync.yml is not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:)",
      ],
      "acme/bad": [
        "acme/bad",
        ["WEB"],
        expect.stringMatching(/^acme\/bad's .github\/plan-sync.yml is invalid \(.*accept.*; .*what.*\)$/),
      ],
      "acme/no": [
        "acme/no",
        ["APP"],
        `acme/no has not agreed to take issues from acme/plans: its .github/plan-sync.yml does not accept it; ${howTo("acme/no")}`,
      ],
    });
  });

  it("refuses every target when the sync has no way to open other repositories", async () => {
    const routing = await openRouting({
      config: config({ areas: { DATA: { repo: "acme/data" } } }),
      planRepo: PLAN_REPO,
      identity: BOT,
    });
    expect(routing.refused.get("acme/data")?.reason).toBe(
      "this sync cannot write to other repositories than acme/plans",
    );
  });

  it("an area routed to the plan's own repository opens nothing", async () => {
    const open = vi.fn();
    const routing = await openRouting({
      config: config({ areas: { DATA: { repo: "Acme/Plans" }, GAIN: { label: "gain" } } }),
      planRepo: PLAN_REPO,
      identity: BOT,
      targets: { open },
    });
    expect(open).not.toHaveBeenCalled();
    expect(routing).toEqual(homeRouting(PLAN_REPO));
  });
});

describe("accepts", () => {
  it("takes `owner/name` or `owner/*`, in any case, and nothing else", () => {
    expect(accepts(["Acme/Plans"], "acme/plans")).toBe(true);
    expect(accepts(["ACME/*"], "acme/plans")).toBe(true);
    expect(accepts(["acme/plan"], "acme/plans")).toBe(false);
    expect(accepts(["other/*", "acme/plans-2"], "acme/plans")).toBe(false);
    expect(accepts([], "acme/plans")).toBe(false);
  });
});

describe("isPlanRepoIssue", () => {
  const home = (issue: IssueRecord) => isPlanRepoIssue(issue, BOT, "acme/plans", "home");
  const routed = (issue: IssueRecord) => isPlanRepoIssue(issue, BOT, "acme/plans");
  it("at home: the identity's issues, markerless or with a marker naming no other repository", () => {
    expect(home(makeIssue(1))).toBe(true);
    expect(home(makeIssue(1, { body: routedMarker("DATA1") }))).toBe(true);
    expect(home(makeIssue(1, { body: routedMarker("DATA1", "ACME/plans") }))).toBe(true);
    expect(home(makeIssue(1, { body: routedMarker("DATA1", "acme/other") }))).toBe(false);
    expect(home(makeIssue(1, { author: "octocat", body: routedMarker("DATA1") }))).toBe(false);
  });
  it("in a target: only the identity's issues whose marker names the plan repository", () => {
    expect(routed(makeIssue(1, { body: routedMarker("DATA1", "Acme/Plans") }))).toBe(true);
    expect(routed(makeIssue(1))).toBe(false);
    expect(routed(makeIssue(1, { body: routedMarker("DATA1") }))).toBe(false);
    expect(routed(makeIssue(1, { body: routedMarker("DATA1", "acme/other") }))).toBe(false);
    expect(routed(makeIssue(1, { author: "octocat", body: routedMarker("DATA1", "acme/plans") }))).toBe(false);
  });
});

describe("planRoutedPush", () => {
  const routedConfig = config({ areas: { DATA: { repo: "acme/data" }, EDH: { repo: "acme/edh" } } });
  const pushed = (tasks: string[], before: string[] | null = null): PushedPlan => ({
    path: "docs/plan.md",
    change: "modified",
    previousPath: null,
    plan: makePlan(tasks),
    previousPlan: before ? makePlan(before) : null,
  });
  const routing = (accepted: Record<string, IssueRecord[]>, refused: Record<string, string[]> = {}): Routing => ({
    planRepo: "acme/plans",
    areaRepo: new Map([
      ["DATA", "acme/data"],
      ["EDH", "acme/edh"],
    ]),
    accepted: new Map(
      Object.entries(accepted).map(([repo, issues]) => [repo, { repo, gateway: createMemoryGateway(), issues }]),
    ),
    refused: new Map(Object.entries(refused).map(([repo, areas]) => [repo, { repo, areas, reason: "no" }])),
  });
  const input = (plans: PushedPlan[], issues: IssueRecord[] = []) => ({
    plans,
    issues,
    identity: BOT,
    config: routedConfig,
    ctx: { ...ctx, owner: "acme", repo: "plans" },
    confirmClose: false,
  });
  const summary = (o: PlanOutcome) =>
    o.actions.map((a) => `${a.type} ${"taskId" in a ? a.taskId : a.name}${a.repo ? ` @${a.repo}` : ""}`);

  it("creates a routed task's issue in its repository, marked with the plan repository, and the others at home", () => {
    const [outcome] = planRoutedPush(input([pushed(["DATA1", "GAIN1"])]), routing({ "acme/data": [], "acme/edh": [] }));
    expect(summary(outcome as PlanOutcome)).toEqual(["create-issue GAIN1", "create-issue DATA1 @acme/data"]);
    const data = outcome?.actions.find((a) => a.type === "create-issue" && a.taskId === "DATA1");
    expect(data?.type === "create-issue" && data.body).toContain('"repo":"acme/plans"');
    const gain = outcome?.actions.find((a) => a.type === "create-issue" && a.taskId === "GAIN1");
    expect(gain?.type === "create-issue" && gain.body).not.toContain('"repo"');
  });

  it("a task moved to a routed area is created there and its home issue closed as removed", () => {
    const homeIssue = makeIssue(7, { body: routedMarker("DATA1"), title: "DATA1: Do DATA1" });
    const [outcome] = planRoutedPush(
      input([pushed(["DATA1"], ["DATA1"])], [homeIssue]),
      routing({ "acme/data": [], "acme/edh": [] }),
    );
    expect(summary(outcome as PlanOutcome)).toEqual(["close-issue DATA1", "create-issue DATA1 @acme/data"]);
  });

  it("tasks of a refused area get no action anywhere, and their issues are not closed as removed", () => {
    const edhIssue = makeIssue(8, { body: routedMarker("EDH1"), title: "EDH1: Do EDH1" });
    const [outcome] = planRoutedPush(
      input([pushed(["EDH1", "EDH2", "GAIN1"], ["EDH1", "GAIN1"])], [edhIssue]),
      routing({ "acme/data": [] }, { "acme/edh": ["EDH"] }),
    );
    expect(summary(outcome as PlanOutcome)).toEqual(["create-issue GAIN1"]);
  });

  it("only the identity's plan-repository task issues take part at home: not a tracking issue, nor another plan repository's", () => {
    const tracking = makeIssue(9, { body: renderTrackingMarker("docs/plan.md"), title: "Feature (plan)" });
    const foreign = makeIssue(10, { body: routedMarker("GAIN1", "acme/other"), title: "GAIN1: Do GAIN1" });
    const [outcome] = planRoutedPush(
      input([pushed(["GAIN1"], ["GAIN1"])], [tracking, foreign]),
      homeRouting(PLAN_REPO),
    );
    expect(summary(outcome as PlanOutcome)).toEqual(["create-issue GAIN1"]);
  });

  it("a tracking issue is never taken back as a task's issue, even with a task's title and the plan label", () => {
    // A plan whose feature is named like its first task, its tracking issue labelled by a person to find it.
    const tracking = makeIssue(9, {
      body: renderTrackingMarker("docs/plan.md"),
      title: "GAIN1: Launch (plan)",
      labels: ["plan-sync"],
    });
    const [outcome] = planRoutedPush(input([pushed(["GAIN1"])], [tracking]), homeRouting(PLAN_REPO));
    expect(summary(outcome as PlanOutcome)).toEqual(["create-issue GAIN1"]);
  });

  it("keeps a plan's warnings on its outcome when areas are routed", () => {
    const warning = {
      path: "docs/plan.md",
      line: 3,
      column: 1,
      severity: "warning" as const,
      code: "unknown-column",
      message: "column Owner is not synced",
    };
    const withWarning: PushedPlan = { ...pushed(["GAIN1"]), plan: makePlan(["GAIN1"], { diagnostics: [warning] }) };
    const [outcome] = planRoutedPush(input([withWarning]), routing({ "acme/data": [], "acme/edh": [] }));
    expect(outcome?.diagnostics).toEqual([warning]);
  });

  it("a deleted plan's issues close at home and in each accepted target, a refused area's are left open", () => {
    const open = (n: number, task: string, repo?: string) =>
      makeIssue(n, {
        title: `${task}: Do ${task}`,
        body: renderMarker({ path: "docs/plan.md", task, hash: "0123abcd", ...(repo ? { repo } : {}) }),
      });
    const deleted: PushedPlan = { ...pushed([], ["GAIN1", "DATA1", "EDH1"]), change: "deleted", plan: null };
    const outcomes = planRoutedPush(
      input([deleted], [open(1, "GAIN1"), open(2, "EDH1")]),
      routing({ "acme/data": [open(3, "DATA1", "acme/plans")] }, { "acme/edh": ["EDH"] }),
    );
    expect(outcomes).toHaveLength(1);
    const [outcome] = outcomes as [PlanOutcome];
    expect(summary(outcome)).toEqual(["close-issue GAIN1", "close-issue DATA1 @acme/data"]);
    expect(outcome.actions.map((a) => a.type === "close-issue" && [a.issueNumber, a.reason])).toEqual([
      [1, "not_planned"],
      [3, "not_planned"],
    ]);
    expect(outcome).toMatchObject({ path: "docs/plan.md", diagnostics: [], blocked: null, notes: [], heal: [] });
  });

  it("a plan repository that routes no area is planned exactly as one repository is", () => {
    const done = makeIssue(5, {
      title: "GAIN1: Do GAIN1",
      state: "closed",
      stateReason: "completed",
      body: renderMarker({ path: "docs/plan.md", task: "GAIN1", hash: "0123abcd", done: false }),
    });
    const deleted: PushedPlan = { ...pushed([], ["OPS1"]), path: "docs/old.md", change: "deleted", plan: null };
    const plans = [pushed(["GAIN1", "GAIN2"], ["GAIN1"]), deleted];
    const outcomes = planRoutedPush(input(plans, [done]), homeRouting(PLAN_REPO));
    // Not one field more or less (a deleted plan's outcome has no `heal`), whatever the plan's changes.
    expect(outcomes).toStrictEqual(planPush(input(plans, [done])));
    expect(summary(outcomes[0] as PlanOutcome)).toEqual(["update-issue GAIN1", "create-issue GAIN2"]);
  });

  it("joins the groups' held-back closes and notes, and tags routed heals with their repository", () => {
    const closed = (n: number, task: string, repo?: string) =>
      makeIssue(n, {
        title: `${task}: Do ${task}`,
        state: "closed",
        stateReason: "completed",
        body: renderMarker({ path: "docs/plan.md", task, hash: "0123abcd", done: false, ...(repo ? { repo } : {}) }),
      });
    const many = (prefix: string) => Array.from({ length: 8 }, (_, i) => `${prefix}${i + 1}`);
    const issues = (prefix: string, repo?: string) =>
      many(prefix).map((t, i) =>
        makeIssue(100 + i + (repo ? 50 : 0), {
          title: `${t}: Do ${t}`,
          body: renderMarker({ path: "docs/plan.md", task: t, hash: "0123abcd", ...(repo ? { repo } : {}) }),
        }),
      );
    const before = [...many("GAIN"), ...many("DATA"), "OPS1"];
    const [outcome] = planRoutedPush(
      input([pushed(["OPS1", "DATA9"], [...before, "DATA9"])], [...issues("GAIN"), closed(200, "OPS1")]),
      routing({ "acme/data": [...issues("DATA", "acme/plans"), closed(300, "DATA9", "acme/plans")], "acme/edh": [] }),
    );
    const held =
      "Not closing 8 of 8 open issues (tasks removed from docs/plan.md): more than 50% and more than 5 at once looks like a mistake. If it is intended, put the line `plan-sync: confirm-close` in the commit message of this push or a later one, or raise `massClose.maxFraction` / `massClose.minCount` in `.github/plan-sync.yml`.";
    // Held back at home and in acme/data: one sentence each.
    expect(outcome?.blocked).toBe(`${held} ${held}`);
    expect(outcome?.heal?.map((h) => [h.taskId, h.issueNumber, h.repo])).toEqual([
      ["OPS1", 200, undefined],
      ["DATA9", 300, "acme/data"],
    ]);
    expect(outcome?.notes).toEqual([
      "#200 was closed on GitHub since the last sync, so OPS1 is ticked in `docs/plan.md` to match.",
      "#300 was closed on GitHub since the last sync, so DATA9 is ticked in `docs/plan.md` to match.",
    ]);
  });
});

describe("withRoutingProblems", () => {
  const refused: Routing = {
    ...homeRouting(PLAN_REPO),
    refused: new Map([["acme/edh", { repo: "acme/edh", areas: ["EDH", "OPS"], reason: "acme/edh said no" }]]),
  };
  const plan = (tasks: string[]): PushedPlan => ({
    path: "docs/plan.md",
    change: "modified",
    previousPath: null,
    plan: makePlan(tasks),
    previousPlan: null,
  });
  const outcome = (): PlanOutcome => ({
    path: "docs/plan.md",
    diagnostics: [],
    actions: [],
    blocked: null,
    notes: ["x"],
  });

  it("puts an error at the area's `repo:` line of the config, however the area is spelled there, and a note naming the tasks", () => {
    const text = "links: true\nareas:\n  gain:\n    label: g\n  edh:\n    repo: acme/edh\n";
    const [o] = withRoutingProblems([outcome()], [plan(["EDH1", "OPS2", "GAIN1"])], refused, text);
    expect(o?.diagnostics).toEqual([
      {
        path: ".github/plan-sync.yml",
        line: 6,
        column: 1,
        severity: "error",
        code: "routing-refused",
        message: "EDH, OPS tasks are routed to acme/edh, but acme/edh said no. Nothing was written there.",
      },
    ]);
    expect(o?.notes).toEqual(["x", "EDH1, OPS2 not synced: acme/edh said no."]);
  });

  it("line 1 when the config cannot be read or does not spell the area", () => {
    const [unread] = withRoutingProblems([outcome()], [plan(["EDH1"])], refused, null);
    expect(unread?.diagnostics[0]?.line).toBe(1);
    const [unspelled] = withRoutingProblems([outcome()], [plan(["EDH1"])], refused, "areas:\n  GAIN:\n    repo: x/y\n");
    expect(unspelled?.diagnostics[0]?.line).toBe(1);
  });

  it("finds the `repo:` line however the YAML is written: a space before the colon, a flow mapping, an area spelled like another key", () => {
    const lineOf = (areas: string[], text: string) => {
      const route: Routing = {
        ...homeRouting(PLAN_REPO),
        refused: new Map([["acme/x", { repo: "acme/x", areas, reason: "no" }]]),
      };
      const [o] = withRoutingProblems([outcome()], [plan(["EDH1", "OPS1", "PLAN1"])], route, text);
      return o?.diagnostics.map((d) => d.line);
    };
    expect(lineOf(["EDH"], "areas:\n  EDH :\n    repo: acme/x\n")).toEqual([3]);
    expect(lineOf(["EDH"], "links: true\nareas: { edh: { repo: acme/x } }\n")).toEqual([2]);
    // `plan:` under labels comes first and is no area; the area's own block is further down.
    expect(
      lineOf(["PLAN"], "labels:\n  plan:\n    name: plans\nareas:\n  PLAN:\n    label: p\n    repo: acme/x\n"),
    ).toEqual([7]);
    // The area routed by an `_extends`ed file: this file spells it only as another key.
    expect(lineOf(["PLAN"], "_extends: .github\nlabels:\n  plan:\n    name: plans\n")).toEqual([1]);
    // The first of the route's areas this file spells.
    expect(lineOf(["EDH", "OPS"], "areas:\n  ops:\n    repo: acme/x\n")).toEqual([3]);
  });

  it("leaves plans without tasks in a refused area, and deleted plans, as they were", () => {
    const untouched = outcome();
    const deleted = { ...plan([]), plan: null };
    const out = withRoutingProblems([untouched, untouched], [plan(["GAIN1"]), deleted], refused, "");
    expect(out[0]).toBe(untouched);
    expect(out[1]).toBe(untouched);
    const none = withRoutingProblems([untouched], [plan(["EDH1"])], homeRouting(PLAN_REPO), "");
    expect(none).toEqual([untouched]);
    expect(none).not.toBe([untouched]);
  });
});

describe("routedLabelActions", () => {
  it("creates in each repository the labels its issues need and it lacks, tagged with that repository", () => {
    const create = (taskId: string, labels: string[], repo?: string) => ({
      type: "create-issue" as const,
      path: "docs/plan.md",
      taskId,
      title: taskId,
      body: "",
      labels,
      ...(repo ? { repo } : {}),
    });
    const outcomes: PlanOutcome[] = [
      {
        path: "docs/plan.md",
        diagnostics: [],
        blocked: null,
        notes: [],
        actions: [create("GAIN1", ["plan-sync", "GAIN"]), create("DATA1", ["plan-sync", "DATA"], "Acme/Data")],
      },
    ];
    const existing = new Map([
      [null, [{ name: "plan-sync", color: "bfdadc" }]],
      ["acme/data", [{ name: "DATA", color: "000000" }]],
    ]);
    const actions = routedLabelActions(outcomes, existing, config({}));
    expect(actions.map((a) => [a.type === "create-label" && a.name, a.repo])).toEqual([
      ["GAIN", undefined],
      ["plan-sync", "Acme/Data"],
    ]);
    expect(routedLabelActions([{ ...outcomes[0]!, actions: [] }], existing, config({}))).toEqual([]);
  });
});

describe("routedLabelActions: a repository whose labels were not listed", () => {
  it("creates there every label its issues need, tagged with the repository as the config spells it", () => {
    const outcomes: PlanOutcome[] = [
      {
        path: "docs/plan.md",
        diagnostics: [],
        blocked: null,
        notes: [],
        actions: [
          {
            type: "create-issue",
            path: "docs/plan.md",
            taskId: "EDH1",
            title: "EDH1",
            body: "",
            labels: ["plan-sync", "EDH"],
            repo: "acme/EDH",
          },
        ],
      },
    ];
    const actions = routedLabelActions(outcomes, new Map([[null, []]]), config({}));
    expect(actions.map((a) => [a.type === "create-label" && a.name, a.repo])).toEqual([
      ["plan-sync", "acme/EDH"],
      ["EDH", "acme/EDH"],
    ]);
  });
});
