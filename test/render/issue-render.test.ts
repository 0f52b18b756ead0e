import type { List, Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG, type PlanSyncConfig } from "../../src/config/config-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { parseIssueBody } from "../../src/render/issue-parse.js";
import { renderIssue } from "../../src/render/issue-render.js";
import { parseMarker } from "../../src/render/marker.js";
import { makePlan, makeTask } from "../support/plan-factory.js";

const ctx = { owner: "acme", repo: "widgets", sha: "a".repeat(40) };
const plan = makePlan([]);

function config(raw: unknown): PlanSyncConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

describe("renderIssue title", () => {
  test("is the ID and the description as plain text", () => {
    const task = makeTask("DATA1", {
      description: "Build the **orders** view from [`raw.orders`](https://x.test) with _care_",
    });
    expect(renderIssue(task, plan, ctx, DEFAULT_CONFIG).title).toBe(
      "DATA1: Build the orders view from raw.orders with care",
    );
  });

  test("collapses whitespace and <br> line breaks", () => {
    const task = makeTask("GAIN2", { description: "First line<br>second   line<br/>third" });
    expect(renderIssue(task, plan, ctx, DEFAULT_CONFIG).title).toBe("GAIN2: First line second line third");
  });

  test("is cut on a word boundary with an ellipsis to fit titleLength", () => {
    const task = makeTask("EDH1", { description: "alpha beta gamma delta epsilon zeta eta theta iota kappa" });
    const { title } = renderIssue(task, plan, ctx, config({ titleLength: 30 }));
    expect(title).toBe("EDH1: alpha beta gamma delta…");
    expect(Array.from(title).length).toBeLessThanOrEqual(30);
  });

  test("a single long word is cut hard rather than left empty", () => {
    const task = makeTask("EDH1", { description: "x".repeat(100) });
    const { title } = renderIssue(task, plan, ctx, config({ titleLength: 20 }));
    expect(title).toBe(`EDH1: ${"x".repeat(13)}…`);
  });

  test("an empty description still yields an `ID:` title", () => {
    expect(renderIssue(makeTask("DATA9", { description: "" }), plan, ctx, DEFAULT_CONFIG).title).toBe(
      "DATA9: (no description)",
    );
  });
});

describe("renderIssue body", () => {
  const task = makeTask("DATA1", {
    description: "Build the `orders` view",
    acceptanceCriteria: ["View exists", "Has **tests**"],
    effort: "3h",
    headingPath: ["1. Data Repository (`/data`)", "Implementation Tasks"],
    extra: { Owner: "@alice", Notes: "" },
    line: 42,
  });
  const { body, hash } = renderIssue(task, plan, ctx, DEFAULT_CONFIG);

  test("keeps the description's Markdown and lists criteria as a task list", () => {
    expect(body.startsWith("Build the `orders` view\n")).toBe(true);
    expect(body).toContain("### Acceptance criteria\n\n- [ ] View exists\n- [ ] Has **tests**\n");
  });

  test("GitHub renders the criteria as their own task list, apart from the details", () => {
    const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as Root;
    const lists = tree.children.filter((n): n is List => n.type === "list");
    expect(lists.map((l) => l.children.map((item) => item.checked))).toEqual([
      [false, false],
      [null, null, null],
    ]);
  });

  test("shows effort, section, non-empty extra columns and a link to the plan line at the commit", () => {
    expect(body).toContain("### Details\n\n- **Effort:** 3h");
    expect(body).toContain("- **Section:** 1. Data Repository (`/data`) › Implementation Tasks");
    expect(body).toContain("- **Owner:** @alice");
    expect(body).not.toContain("**Notes:**");
    expect(body).toContain(`(https://github.com/acme/widgets/blob/${ctx.sha}/docs/plan.md#L42)`);
  });

  test("ends with the marker for this plan and task", () => {
    expect(body.trimEnd().endsWith("-->")).toBe(true);
    expect(parseMarker(body)).toEqual({ path: "docs/plan.md", task: "DATA1", hash });
  });

  test("uses the server URL of a GitHub Enterprise install and encodes the path", () => {
    const out = renderIssue(
      task,
      makePlan([], { path: "docs/q3 plan.md" }),
      { ...ctx, serverUrl: "https://ghe.corp/" },
      DEFAULT_CONFIG,
    );
    expect(out.body).toContain(`(https://ghe.corp/acme/widgets/blob/${ctx.sha}/docs/q3%20plan.md#L42)`);
  });

  test("a description that would read as a heading, list, quote, rule or fence stays one paragraph", () => {
    for (const description of [
      "# not a heading",
      "1. first",
      "- item",
      "> quote",
      "- - -",
      "```js",
      "***very*** important",
    ]) {
      const out = renderIssue(makeTask("DATA2", { description }), plan, ctx, DEFAULT_CONFIG);
      const tree = unified().use(remarkParse).use(remarkGfm).parse(out.body) as Root;
      expect(tree.children[0]?.type, description).toBe("paragraph");
      // Titles are plain text, so the cell's characters survive there too (emphasis aside).
      expect(out.title).toBe(`DATA2: ${description.replace(/\*/g, "")}`);
    }
  });

  test("keeps ticks people set on criteria whose text did not change", () => {
    const out = renderIssue(task, plan, ctx, DEFAULT_CONFIG, { checkedCriteria: new Set(["View exists", "Gone"]) });
    expect(out.body).toContain("- [x] View exists\n- [ ] Has **tests**");
    expect(out.hash).toBe(hash);
  });
});

describe("renderIssue labels", () => {
  test("area label and plan label; effort label only when configured", () => {
    const task = makeTask("GAIN3", { effort: "M" });
    expect(renderIssue(task, plan, ctx, DEFAULT_CONFIG).labels).toEqual(["GAIN", "plan-sync"]);
    const withEffort = config({ effortLabels: { m: "size: medium" } });
    expect(renderIssue(task, plan, ctx, withEffort).labels).toEqual(["GAIN", "plan-sync", "size: medium"]);
  });

  test("configured area labels are used, unknown prefixes get a label named after the prefix", () => {
    const c = config({ areas: { DATA: { label: "area: data" } } });
    expect(renderIssue(makeTask("DATA1"), plan, ctx, c).labels).toEqual(["area: data", "plan-sync"]);
    expect(renderIssue(makeTask("OPS1"), plan, ctx, c).labels).toEqual(["OPS", "plan-sync"]);
  });
});

describe("renderIssue hash", () => {
  const task = makeTask("DATA1", { line: 10 });
  const base = renderIssue(task, plan, ctx, DEFAULT_CONFIG);

  test("does not change with the commit, the line or the plan's path", () => {
    const moved = renderIssue(
      { ...task, line: 99 },
      makePlan([], { path: "plans/other.md" }),
      { ...ctx, sha: "b".repeat(40) },
      DEFAULT_CONFIG,
    );
    expect(moved.hash).toBe(base.hash);
    expect(moved.body).not.toBe(base.body);
  });

  test("does not change when only the task's done state or issue link changes", () => {
    const link = { number: 5, url: "https://github.com/acme/widgets/issues/5", span: { start: 0, end: 1 } };
    expect(renderIssue({ ...task, done: true, issueLink: link }, plan, ctx, DEFAULT_CONFIG).hash).toBe(base.hash);
  });

  test("changes with everything the plan says about the task", () => {
    const variants = [
      { description: "Other" },
      { acceptanceCriteria: ["DATA1 works", "and more"] },
      { effort: "5h" },
      { headingPath: ["Elsewhere"] },
      { extra: { Owner: "bob" } },
    ];
    for (const v of variants) {
      expect(renderIssue({ ...task, ...v }, plan, ctx, DEFAULT_CONFIG).hash, JSON.stringify(v)).not.toBe(base.hash);
    }
    expect(renderIssue(task, plan, ctx, config({ labels: { plan: { name: "roadmap" } } })).hash).not.toBe(base.hash);
    expect(renderIssue(task, plan, ctx, config({ titleLength: 20 })).hash).toBe(base.hash);
    const longTask = { ...task, description: "a description long enough to be cut at twenty" };
    expect(renderIssue(longTask, plan, ctx, config({ titleLength: 20 })).hash).not.toBe(
      renderIssue(longTask, plan, ctx, DEFAULT_CONFIG).hash,
    );
  });
});

describe("parseIssueBody", () => {
  test("reads back the marker and the criteria renderIssue wrote", () => {
    const task = makeTask("DATA1", { acceptanceCriteria: ["One `code`", "Two [link](https://x.test)"] });
    const { body, hash } = renderIssue(task, plan, ctx, DEFAULT_CONFIG);
    expect(parseIssueBody(body)).toEqual({
      marker: { path: "docs/plan.md", task: "DATA1", hash },
      acceptanceCriteria: [
        { text: "One `code`", checked: false },
        { text: "Two [link](https://x.test)", checked: false },
      ],
    });
  });

  test("sees ticks made on GitHub, also in a CRLF body", () => {
    const { body } = renderIssue(makeTask("DATA1", { acceptanceCriteria: ["a", "b"] }), plan, ctx, DEFAULT_CONFIG);
    const edited = body.replace("- [ ] b", "- [x] b").replace(/\n/g, "\r\n");
    expect(parseIssueBody(edited).acceptanceCriteria).toEqual([
      { text: "a", checked: false },
      { text: "b", checked: true },
    ]);
  });

  test("a body without criteria or marker reads as empty", () => {
    expect(parseIssueBody("Written by a person.")).toEqual({ marker: null, acceptanceCriteria: [] });
  });
});
