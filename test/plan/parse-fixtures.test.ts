import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlan, type ParseOptions } from "../../src/plan/parse-plan.js";
import { PlanSchema, type Plan } from "../../src/plan/types.js";
import { readStatusWord } from "../../src/plan/status-word.js";
import { fixtureCases } from "../support/fixture-cases.js";
import { generatePlan } from "../support/generate-plan.js";

/**
 * Each `fixtures/plans/<case>/` holds `plan.md` (stored byte for byte: BOM and
 * CRLF kept, see .gitattributes), optional `options.json` (ParseOptions) and
 * `expected.json`: what a reader of that plan should get. Offsets are not in
 * expected.json; they are checked below as invariants against the text.
 * A case folder without plan.md, or without expected.json, fails.
 * `UPDATE_GOLDEN=1 npx vitest run test/plan/parse-fixtures.test.ts` writes
 * expected.json — review the diff before committing it (docs/testing.md).
 */
const ROOT = fileURLToPath(new URL("../../fixtures/plans/", import.meta.url));

interface Fixture {
  name: string;
  dir: string;
  text: string;
  options: ParseOptions;
}

function fixtures(): Fixture[] {
  return fixtureCases(ROOT, { required: ["plan.md"] }).map(({ name, dir }) => {
    const optionsFile = join(dir, "options.json");
    return {
      name,
      dir,
      text: readFileSync(join(dir, "plan.md"), "utf8"),
      options: existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as ParseOptions) : {},
    };
  });
}

function visible(plan: Plan) {
  return {
    featureName: plan.featureName,
    date: plan.date,
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      area: t.area,
      done: t.done,
      description: t.description,
      acceptanceCriteria: t.acceptanceCriteria,
      effort: t.effort,
      headingPath: t.headingPath,
      extra: t.extra,
      issueLink: t.issueLink && { number: t.issueLink.number, url: t.issueLink.url },
      line: t.line,
      // Only tables with a Depends on column have it: the other cases' expected.json stay as they were.
      ...(t.dependsOn ? { dependsOn: t.dependsOn } : {}),
    })),
    checklists: plan.checklists.map((c) => ({ line: c.line, checked: c.checked, text: c.text, tracks: c.tracks })),
    diagnostics: plan.diagnostics.map((d) => ({
      line: d.line,
      column: d.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  };
}

/** 1-based line of an offset into the original text, a BOM not counting as a character of line 1. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

/** What the patcher relies on: every span slices the original text to exactly what it names. */
function expectSpansExact(text: string, plan: Plan): void {
  for (const t of plan.tasks) {
    const idText = text.slice(t.idSpan.start, t.idSpan.end);
    // An ID made from the task's words is not in the text; a section-qualified one ends with the number written.
    if (t.idFrom === "derived") expect(idText, `idSpan of ${t.id}`).toBe("");
    else if (t.idFrom === "section")
      expect(t.id, `idSpan of ${t.id}`).toMatch(new RegExp(`/${idText.replace(/\./g, "\\.")}$`));
    else expect(idText, `idSpan of ${t.id}`).toBe(t.id);
    expect(lineOf(text, t.row.start), `row line of ${t.id}`).toBe(t.line);
    expect(t.row.start <= t.idSpan.start && t.idSpan.end <= t.row.end, `${t.id} inside its row`).toBe(true);
    // A heading task's state may be a `Status:` line in its body, below the heading.
    const stateEnd = t.source === "heading" ? text.length : t.row.end;
    expect(t.row.start <= t.stateCell.start && t.stateCell.end <= stateEnd, `stateCell of ${t.id} inside its row`).toBe(
      true,
    );
    const cell = text.slice(t.stateCell.start, t.stateCell.end);
    // A heading's state emoji is replaced together with the space that sets it off (`✅ Task 1`, `Task 1 ✅`).
    if (t.source !== "heading") expect(cell, `stateCell of ${t.id} is trimmed`).toBe(cell.trim());
    expect(cell, `stateCell of ${t.id} is inside one cell`).not.toMatch(/(^|[^\\])\|/);
    if (t.checkbox) {
      const box = text.slice(t.checkbox.start, t.checkbox.end);
      expect(box, `checkbox of ${t.id}`).toMatch(/^\[[ xX]\]$/);
      expect(box !== "[ ]", `done of ${t.id} follows its checkbox`).toBe(t.done);
      expect(t.checkbox.start, `checkbox of ${t.id} opens its state cell`).toBe(t.stateCell.start);
    } else if (/~~/.test(text.slice(t.row.start, t.row.end)) || (t.source === "heading" && cell === "")) {
      // Struck through (`~~PIPE-2~~`: done) or a heading whose body's checkboxes decide: fixtures say which.
    } else {
      // Without a checkbox, a status word decides (`✅ Done`, `Pending`); anything else is open.
      const word = t.stateCell.start === t.idSpan.start ? null : readStatusWord(cell);
      expect(t.done, `${t.id} without a checkbox follows its status word`).toBe(word?.done ?? false);
    }
    if (t.issueLink) {
      expect(text.slice(t.issueLink.span.start, t.issueLink.span.end), `issue link of ${t.id}`).toBe(
        `([#${t.issueLink.number}](${t.issueLink.url}))`,
      );
    }
  }
  for (const c of plan.checklists) {
    const box = text.slice(c.checkbox.start, c.checkbox.end);
    expect(box, `checklist checkbox at line ${c.line}`).toMatch(/^\[[ xX]\]$/);
    expect(box !== "[ ]", `checked state at line ${c.line}`).toBe(c.checked);
    expect(lineOf(text, c.checkbox.start), `checklist line ${c.line}`).toBe(c.line);
  }
}

describe("plan fixtures", () => {
  for (const fixture of fixtures()) {
    it(`${fixture.name}: reads what the author wrote`, () => {
      const plan = parsePlan(fixture.text, "plan.md", fixture.options);
      expect(() => PlanSchema.parse(plan)).not.toThrow();
      expect(plan.path).toBe("plan.md");
      expect(plan.diagnostics.every((d) => d.path === "plan.md")).toBe(true);
      const expectedFile = join(fixture.dir, "expected.json");
      // UPDATE_FIXTURES is the older name of the same switch.
      if (process.env.UPDATE_GOLDEN === "1" || process.env.UPDATE_FIXTURES === "1") {
        writeFileSync(expectedFile, JSON.stringify(visible(plan), null, 2) + "\n");
      }
      expect(existsSync(expectedFile), `${fixture.name}/expected.json is missing`).toBe(true);
      expect(visible(plan)).toEqual(JSON.parse(readFileSync(expectedFile, "utf8")));
    });

    it(`${fixture.name}: every span slices the original text exactly`, () => {
      expectSpansExact(fixture.text, parsePlan(fixture.text, "plan.md", fixture.options));
    });
  }
});

describe("generated plans", () => {
  const variants = [
    { name: "plain", text: generatePlan(30) },
    { name: "linked and ticked", text: generatePlan(30, { doneEvery: 3, linkIssues: true }) },
    { name: "CRLF with BOM", text: "\uFEFF" + generatePlan(30, { doneEvery: 2, linkIssues: true, eol: "\r\n" }) },
  ];
  for (const v of variants) {
    it(`${v.name}: all rows are tasks, no diagnostics, spans exact`, () => {
      const plan = parsePlan(v.text, "big.md");
      expect(plan.diagnostics).toEqual([]);
      expect(plan.tasks).toHaveLength(30);
      expect(() => PlanSchema.parse(plan)).not.toThrow();
      expectSpansExact(v.text, plan);
    });
  }
});
