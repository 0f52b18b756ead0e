import { describe, expect, it } from "vitest";
import { verifyPatchedPlan, type PatchIntent } from "../../src/plan/patch-verify.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import {
  InvalidIssueLinkError,
  PatchError,
  PatchVerificationError,
  PlanHasErrorsError,
  UnknownTaskError,
  patchPlan,
} from "../../src/plan/patch-plan.js";

/**
 * The re-parse check after a splice, and the patcher's refusals: each problem
 * is named in words a maintainer can act on (which task, which line, what was
 * read back and what was meant), and the class tells "fix your plan" from
 * "plan-sync bug".
 */
const URL12 = "https://github.com/acme/widgets/issues/12";
const URL13 = "https://github.com/acme/widgets/issues/13";
const HEAD = "# Plan\n\n## Implementation Tasks\n\n| Task ID | Description | Status |\n|---|---|---|\n";
const parse = (rows: string, extra = "") => parsePlan(`${HEAD}${rows}${extra}`, "docs/plan.md");
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => `| DATA${i + 1} | Task ${i + 1} | [ ] |\n`).join("");
const intent = (over: Partial<PatchIntent> = {}): PatchIntent => ({
  taskDone: new Map(),
  checklistChecked: [],
  links: new Map(),
  ...over,
});
function problems(run: () => void): readonly string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(PatchVerificationError);
    return (e as PatchVerificationError).problems;
  }
  return [];
}

describe("verifyPatchedPlan", () => {
  const rows = "| DATA1 | One | [ ] |\n| DATA2 | Two | [x] |\n";

  it("passes a patched plan that reads back as meant", () => {
    const before = parse(rows);
    const after = parse(`| DATA1 ([#12](${URL12})) | One | [x] |\n| DATA2 | Two | [x] |\n`);
    const meant = intent({
      taskDone: new Map([
        ["DATA1", true],
        ["DATA2", true],
      ]),
      links: new Map([["DATA1", { number: 12, url: URL12 }]]),
    });
    expect(() => verifyPatchedPlan(before, after, meant)).not.toThrow();
  });

  it("names the IDs before and after when the tasks changed, and each state read back wrongly", () => {
    const before = parse(`${rows}| DATA3 | Three | [ ] |\n`);
    const after = parse("| DATA1 | One | [ ] |\n| DATA2 | Two | [x] |\n");
    const meant = intent({
      taskDone: new Map([
        ["DATA1", true],
        ["DATA2", false],
      ]),
    });
    let error: unknown;
    try {
      verifyPatchedPlan(before, after, meant);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatchVerificationError);
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({
      name: "PatchVerificationError",
      path: "docs/plan.md",
      problems: [
        "task IDs changed: before [DATA1, DATA2, DATA3], after [DATA1, DATA2]",
        "DATA1 reads back as not done, expected done",
        "DATA2 reads back as done, expected not done",
      ],
      message:
        "docs/plan.md: patched plan failed verification, nothing written:\n- task IDs changed: before [DATA1, DATA2, DATA3], after [DATA1, DATA2]\n- DATA1 reads back as not done, expected done\n- DATA2 reads back as done, expected not done",
    });
  });

  it("names a link that is missing, unwanted, or not the one written; a link kept as it was passes", () => {
    const linked = `| DATA1 ([#12](${URL12})) | One | [ ] |\n| DATA2 ([#13](${URL13})) | Two | [x] |\n`;
    // A link appeared that nobody wrote.
    expect(problems(() => verifyPatchedPlan(parse(rows), parse(linked), intent()))).toEqual([
      `DATA1 links to #12 (${URL12}), expected no issue`,
      `DATA2 links to #13 (${URL13}), expected no issue`,
    ]);
    // A link written did not read back; an existing link vanished.
    const oneLink = `| DATA1 | One | [ ] |\n| DATA2 ([#13](${URL13})) | Two | [x] |\n`;
    expect(
      problems(() =>
        verifyPatchedPlan(
          parse(oneLink),
          parse(rows),
          intent({ links: new Map([["DATA1", { number: 12, url: URL12 }]]) }),
        ),
      ),
    ).toEqual([`DATA1 links to no issue, expected #12 (${URL12})`, `DATA2 links to no issue, expected #13 (${URL13})`]);
    // Another number, another URL.
    const other = `| DATA1 ([#13](${URL12})) | One | [ ] |\n| DATA2 ([#13](${URL12})) | Two | [x] |\n`;
    expect(problems(() => verifyPatchedPlan(parse(linked), parse(other), intent()))).toEqual([
      `DATA1 links to #13 (${URL12}), expected #12 (${URL12})`,
      `DATA2 links to #13 (${URL12}), expected #13 (${URL13})`,
    ]);
    expect(problems(() => verifyPatchedPlan(parse(linked), parse(linked), intent()))).toEqual([]);
  });

  it("names a checklist item read back wrongly by its line, and a changed number of items", () => {
    const list = (a: string, b: string) => `\n## Progress\n\n- [${a}] DATA1: one\n- [${b}] DATA2: two\n`;
    const before = parse(rows, list(" ", "x"));
    expect(
      problems(() =>
        verifyPatchedPlan(before, parse(rows, list(" ", "x")), intent({ checklistChecked: [true, false] })),
      ),
    ).toEqual([
      "checklist item on line 12 reads back as unchecked, expected checked",
      "checklist item on line 13 reads back as checked, expected unchecked",
    ]);
    expect(
      problems(() =>
        verifyPatchedPlan(before, parse(rows, list(" ", "x")), intent({ checklistChecked: [false, true] })),
      ),
    ).toEqual([]);
    expect(
      problems(() =>
        verifyPatchedPlan(
          before,
          parse(rows, "\n## Progress\n\n- [ ] DATA1: one\n"),
          intent({ checklistChecked: [false] }),
        ),
      ),
    ).toEqual(["checklist items: 2 before, 1 after"]);
  });

  it("names a diagnostic the patch added, by severity, line, message and code; one that only moved columns is not new", () => {
    const before = parse(rows);
    const after = parse(`${rows}| DATA1 | Again | [ ] |\n`);
    expect(problems(() => verifyPatchedPlan(before, after, intent()))).toEqual([
      "new error on line 9: Task ID DATA1 is used twice: first at line 7. Each task needs its own ID; this row is not read. (duplicate-id)",
    ]);
    // The same warning on the same line, further right after a link was written: not new.
    const warned = parse("| DATA1 | One | Someday |\n");
    const warnedLinked = parse(`| DATA1 ([#12](${URL12})) | One | Someday |\n`);
    expect(warned.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["unknown-status", 7, 17]]);
    expect(warnedLinked.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["unknown-status", 7, 68]]);
    expect(
      problems(() =>
        verifyPatchedPlan(warned, warnedLinked, intent({ links: new Map([["DATA1", { number: 12, url: URL12 }]]) })),
      ),
    ).toEqual([]);
    // A second warning of a kind the plan had once is new.
    const once = parse("| DATA1 | One | Done | later |\n");
    const twice = parse("| DATA1 | One | Done | later |\n| DATA2 | Two | Done | later |\n");
    expect(problems(() => verifyPatchedPlan(once, twice, intent()))).toEqual([
      "task IDs changed: before [DATA1], after [DATA1, DATA2]",
      'new warning on line 8: Row has 4 cells but the table header has 3; the extra cells are ignored. A "|" inside a cell must be written as "\\|". (cell-count)',
    ]);
  });

  it("a warning given once per table that moves to another row when write-back replaces the first is not new", () => {
    const before = parse("| DATA1 | One | Someday |\n| DATA2 | Two | Later |\n");
    const after = parse("| DATA1 | One | Done |\n| DATA2 | Two | Later |\n");
    expect(before.diagnostics.map((d) => [d.code, d.line])).toEqual([["unknown-status", 7]]);
    expect(after.diagnostics.map((d) => [d.code, d.line])).toEqual([["unknown-status", 8]]);
    expect(problems(() => verifyPatchedPlan(before, after, intent({ taskDone: new Map([["DATA1", true]]) })))).toEqual(
      [],
    );
    // An error that moves is still new: errors are never given once for many places.
    const dupBefore = parse(`${rows}| DATA1 | Again | [ ] |\n`);
    const dupAfter = parse(`${rows}| DATA3 | Three | [ ] |\n| DATA1 | Again | [ ] |\n`);
    expect(problems(() => verifyPatchedPlan(dupBefore, dupAfter, intent()))).toEqual([
      "task IDs changed: before [DATA1, DATA2], after [DATA1, DATA2, DATA3]",
      "new error on line 10: Task ID DATA1 is used twice: first at line 7. Each task needs its own ID; this row is not read. (duplicate-id)",
    ]);
  });
});

describe("which diagnostics count as new", () => {
  const none = intent();
  const newOnes = (before: string, after: string) =>
    problems(() => verifyPatchedPlan(parse(before), parse(after), none)).filter((p) => p.startsWith("new "));

  it("an error the plan already had on the same line is not new", () => {
    const dup = `${rowsOf(2)}| DATA1 | Again | [ ] |\n`;
    expect(newOnes(dup, dup)).toEqual([]);
  });

  it("a warning that left its row excuses one new warning of its kind, not two or three", () => {
    const extra = (id: string) => `| ${id} | Task | Done | later |\n`;
    const before = `${extra("DATA1")}| DATA2 | Two | Done |\n| DATA3 | Three | Done |\n| DATA4 | Four | Done |\n`;
    const after = `| DATA1 | Task | Done |\n${extra("DATA2")}${extra("DATA3")}${extra("DATA4")}`;
    expect(newOnes(before, after).map((p) => p.slice(0, 24))).toEqual([
      "new warning on line 9: R",
      "new warning on line 10: ",
    ]);
  });

  it("two warnings on one line, one of them gone, excuse one new warning elsewhere", () => {
    const header = (a: string, b: string) =>
      `| Task ID | Description | ${a} | ${b} |\n|---|---|---|---|\n| DATA1 | One | x | y |\n`;
    const second = (a: string, b: string) =>
      `\n## More tasks\n\n| Task ID | Description | ${a} | ${b} |\n|---|---|---|---|\n| GAIN1 | Two | x | y |\n`;
    const before = parsePlan(
      `# Plan\n\n## Implementation Tasks\n\n${header("Acceptance Critera", "Stauts")}${second("Owner", "Notes")}`,
      "docs/plan.md",
    );
    const after = parsePlan(
      `# Plan\n\n## Implementation Tasks\n\n${header("Acceptance Critera", "Notes")}${second("Estimat", "Desciption")}`,
      "docs/plan.md",
    );
    expect(before.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["unknown-column", 5],
      ["unknown-column", 5],
    ]);
    expect(problems(() => verifyPatchedPlan(before, after, none))).toEqual([
      'new warning on line 11: Column "Desciption" is not a column plan-sync knows, so it is shown as an extra field: did you mean "Description"? (unknown-column)',
    ]);
  });

  it("an error that left excuses no warning of the same code, and a warning that left excuses no error", () => {
    const short = "| DATA1 | One |\n";
    const long = "| DATA2 | Two | Done | later |\n";
    expect(newOnes(`${short}| DATA2 | Two | Done |\n`, `| DATA1 | One | Done |\n${long}`)).toEqual([
      'new warning on line 8: Row has 4 cells but the table header has 3; the extra cells are ignored. A "|" inside a cell must be written as "\\|". (cell-count)',
    ]);
    expect(newOnes(`| DATA1 | One | Done |\n${long}`, `${short}| DATA2 | Two | Done |\n`)).toEqual([
      "new error on line 7: Row has 2 cells but the table header has 3, so its Status cell is missing. The row is not read; add the missing cells (an empty cell is `|  |`). (cell-count)",
    ]);
  });
});

describe("the patcher's refusals", () => {
  const text = `${HEAD}| DATA1 | One | [ ] |\n`;

  it("a task the plan does not have", () => {
    expect(() => patchPlan(text, "docs/plan.md", new Map([["DATA9", { done: true }]]))).toThrow(
      expect.objectContaining({
        name: "UnknownTaskError",
        path: "docs/plan.md",
        taskId: "DATA9",
        message: "docs/plan.md: no task DATA9 in the plan, nothing patched",
      }),
    );
    expect(new UnknownTaskError("p.md", "X1")).toBeInstanceOf(PatchError);
    expect(new PatchError("any refusal")).toMatchObject({ name: "PatchError", message: "any refusal" });
  });

  it("a plan with one error, or several", () => {
    const one = `${text}| DATA1 | Again | [ ] |\n`;
    expect(() => patchPlan(one, "docs/plan.md", new Map([["DATA1", { done: true }]]))).toThrow(
      expect.objectContaining({
        name: "PlanHasErrorsError",
        errorCount: 1,
        message: "docs/plan.md: the plan has 1 error; fix it before plan-sync writes to it",
      }),
    );
    const two = `${one}| DATA1 | Third | [ ] |\n| DATA2 | Warned | Someday |\n`;
    expect(() => patchPlan(two, "docs/plan.md", new Map([["DATA1", { done: true }]]))).toThrow(
      expect.objectContaining({
        errorCount: 2,
        message: "docs/plan.md: the plan has 2 errors; fix them before plan-sync writes to it",
      }),
    );
    expect(new PlanHasErrorsError("p.md", 1)).toBeInstanceOf(PatchError);
  });

  it("a link that would not survive in a table cell, named with its number and URL", () => {
    const refuse = (number: number, url: string) => () =>
      patchPlan(text, "docs/plan.md", new Map([["DATA1", { issue: { number, url } }]]));
    expect(refuse(12, "https://x/a b")).toThrow(
      expect.objectContaining({
        name: "InvalidIssueLinkError",
        taskId: "DATA1",
        issueNumber: 12,
        url: "https://x/a b",
        message:
          'cannot link DATA1 to issue #12 at "https://x/a b": the number must be a positive integer and the URL absolute (http/https) without spaces, brackets, parentheses, pipes or backslashes',
      }),
    );
    for (const url of [
      "https://x/a)",
      "https://x/a(",
      "https://x/[a",
      "https://x/a]",
      "https://x/<a",
      "https://x/a>",
      "https://x/a|b",
      "https://x/a\\b",
      "ftp://x/a",
      "/acme/issues/12",
      "https://",
      " https://x/a",
      "https://x/a\n",
    ])
      expect(refuse(12, url), url).toThrow(InvalidIssueLinkError);
    for (const number of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN])
      expect(refuse(number, URL12), String(number)).toThrow(InvalidIssueLinkError);
    expect(refuse(1, "http://x/1")()).toContain("| DATA1 ([#1](http://x/1)) |");
    expect(new InvalidIssueLinkError("X1", 1, "u")).toBeInstanceOf(PatchError);
  });
});
