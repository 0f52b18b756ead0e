import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { patchPlan, type TaskPatch } from "../../src/plan/patch-plan.js";

/**
 * Model-based: a plan is generated from a small model with random formatting
 * (line endings, padding, tabs, extra columns, a Status column or not). The
 * expected output is the same model rendered with only the patched states and
 * links changed, so ANY other byte that moves fails the property.
 */

type Box = " " | "x" | "X" | null;
interface Link {
  number: number;
  url: string;
}
interface Row {
  id: string;
  box: Box;
  /** Status-cell text after the checkbox (tables with a Status column only). */
  statusText: string;
  link: Link | null;
  description: string;
  criteria: string;
  extras: string[];
  pad: [string, string][];
  trailing: string;
}
interface Table {
  heading: string;
  status: boolean;
  extraNames: string[];
  statusAt: number;
  rows: Row[];
}
interface Item {
  box: " " | "x";
  ids: string[];
  mention: boolean;
  text: string;
}
interface Model {
  eol: "\n" | "\r\n";
  bom: boolean;
  tables: Table[];
  items: Item[];
}

const word = fc.constantFrom(
  "Build",
  "the",
  "table",
  "café",
  "naïve",
  "😀",
  "日本語",
  "`code`",
  "**bold**",
  "load",
  "x",
  "Ünïcödé",
);
const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(" "));
const padding = fc.constantFrom(" ", "  ", "   ", "\t", " \t");
const link = fc
  .record({ number: fc.integer({ min: 1, max: 99999 }), url: fc.constant("") })
  .map((l) => ({ ...l, url: `https://github.com/acme/widgets/issues/${l.number}` }));
const idPrefix = fc.constantFrom("DATA", "GAIN", "EDH", "T", "OPS");

function renderModel(m: Model): string {
  const lines = [
    "# Widgets - Implementation Plan",
    "",
    "## Document Control",
    "**Feature Name:** Widgets  ",
    "**Date:** 2025-01-01  ",
    "",
  ];
  for (const t of m.tables) {
    const header = ["Task ID", "Description", "Acceptance Criteria", "Effort", ...t.extraNames];
    if (t.status) header.splice(t.statusAt, 0, "Status");
    lines.push(
      t.heading,
      "",
      "#### Implementation Tasks",
      `| ${header.join(" | ")} |`,
      `|${header.map(() => "---").join("|")}|`,
    );
    for (const r of t.rows) {
      const linkText = r.link ? ` ([#${r.link.number}](${r.link.url}))` : "";
      const box = r.box === null ? "" : `[${r.box}]`;
      const idCell = t.status ? `${r.id}${linkText}` : `${box}${box ? " " : ""}${r.id}${linkText}`;
      const cells = [idCell, r.description, r.criteria, "2h", ...r.extras];
      if (t.status) cells.splice(t.statusAt, 0, [box, r.statusText].filter(Boolean).join(" "));
      lines.push(
        `|${cells.map((c, i) => `${r.pad[i]?.[0] ?? " "}${c}${r.pad[i]?.[1] ?? " "}`).join("|")}|${r.trailing}`,
      );
    }
    lines.push("");
  }
  lines.push("## Definition of Done", "");
  for (const item of m.items) {
    lines.push(
      item.mention
        ? `- [${item.box}] Review ${item.ids.join(" and ")} ${item.text}`
        : `- [${item.box}] ${item.ids.join(", ")}: ${item.text}`,
    );
  }
  lines.push("");
  return (m.bom ? "\uFEFF" : "") + lines.join(m.eol);
}

const modelArb: fc.Arbitrary<Model> = fc
  .record({
    eol: fc.constantFrom("\n" as const, "\r\n" as const),
    bom: fc.boolean(),
    ids: fc.uniqueArray(
      fc.tuple(idPrefix, fc.integer({ min: 1, max: 300 })).map(([p, n]) => `${p}${n}`),
      { minLength: 1, maxLength: 12 },
    ),
    tableCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ eol, bom, ids, tableCount }) => {
    const groups: string[][] = Array.from({ length: Math.min(tableCount, ids.length) }, () => []);
    ids.forEach((id, i) => groups[i % groups.length]?.push(id));
    const tableArbs = groups.map((groupIds, ti) =>
      fc
        .record({
          status: fc.boolean(),
          extraNames: fc.uniqueArray(fc.constantFrom("Owner", "Notes", "Sprint"), { maxLength: 2 }),
          statusAt: fc.integer({ min: 1, max: 4 }),
        })
        .chain((shape) =>
          fc
            .tuple(
              ...groupIds.map((id) =>
                fc.record({
                  id: fc.constant(id),
                  box: fc.constantFrom<Box>(" ", "x", "X", null),
                  statusText: shape.status ? fc.constantFrom("", "in progress", "Todo") : fc.constant(""),
                  link: fc.option(link, { nil: null }),
                  description: words,
                  criteria: fc.array(words, { minLength: 1, maxLength: 3 }).map((c) => c.join("<br>")),
                  extras: fc.tuple(...shape.extraNames.map(() => words)),
                  pad: fc.array(fc.tuple(padding, padding), { minLength: 7, maxLength: 7 }),
                  trailing: fc.constantFrom("", " ", "  "),
                }),
              ),
            )
            .map((rows): Table => ({
              heading: `### ${ti + 1}. Repository ${ti + 1}`,
              ...shape,
              // An empty cell is filled one space after its pipe; single spaces make that spot unambiguous.
              rows: rows.map((r) =>
                shape.status && r.box === null && r.statusText === ""
                  ? { ...r, pad: r.pad.map((p, i): [string, string] => (i === shape.statusAt ? [" ", " "] : p)) }
                  : r,
              ),
            })),
        ),
    );
    const itemArb = fc.record({
      box: fc.constantFrom(" " as const, "x" as const),
      ids: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }),
      mention: fc.boolean(),
      text: words,
    });
    return fc.record({
      eol: fc.constant(eol),
      bom: fc.constant(bom),
      tables: fc.tuple(...tableArbs),
      items: fc.array(itemArb, { maxLength: 5 }),
    });
  });

const isDone = (box: Box) => box === "x" || box === "X";
const rowDone = (r: Row) => (r.box === null ? r.statusText === "Done" : isDone(r.box));

/**
 * A Status column without a single checkbox but with words in it speaks
 * words: write-back writes the table's own done/open word ("Done" when it has
 * none yet, the commonest open word as written), not a checkbox.
 */
function speaksWords(t: Table): boolean {
  return t.status && t.rows.every((r) => r.box === null) && t.rows.some((r) => r.statusText !== "");
}

function openWord(t: Table): string {
  const counts = new Map<string, number>();
  let best = "Todo";
  let bestCount = 0;
  for (const r of t.rows) {
    if (r.statusText === "") continue;
    const n = (counts.get(r.statusText) ?? 0) + 1;
    counts.set(r.statusText, n);
    if (n > bestCount) [best, bestCount] = [r.statusText, n];
  }
  return best;
}

/** The model after the patch, following the patcher's documented rules. */
function applyToModel(m: Model, patches: Map<string, TaskPatch>): Model {
  const next: Model = structuredClone(m);
  const doneById = new Map<string, boolean>();
  for (const t of next.tables) {
    const words = speaksWords(t);
    const open = words ? openWord(t) : "";
    for (const r of t.rows) {
      const p = patches.get(r.id);
      if (p?.done !== undefined && p.done !== rowDone(r)) {
        if (words) r.statusText = p.done ? "Done" : open;
        else r.box = p.done ? (r.box === "X" ? "X" : "x") : " ";
      }
      if (p?.issue) r.link = { ...p.issue };
      doneById.set(r.id, rowDone(r));
    }
  }
  const stateChanged = new Set([...patches].filter(([, p]) => p.done !== undefined).map(([id]) => id));
  for (const item of next.items) {
    if (item.mention || !item.ids.some((id) => stateChanged.has(id))) continue;
    item.box = item.ids.every((id) => doneById.get(id)) ? "x" : " ";
  }
  return next;
}

describe("patchPlan property", () => {
  it("changes only the targeted checkboxes and links, and the result reads back with the new states", () => {
    fc.assert(
      fc.property(
        modelArb.chain((model) => {
          const ids = model.tables.flatMap((t) => t.rows.map((r) => r.id));
          const patch = fc.record(
            { done: fc.option(fc.boolean(), { nil: undefined }), issue: fc.option(link, { nil: undefined }) },
            { requiredKeys: [] },
          );
          return fc.tuple(
            fc.constant(model),
            fc.uniqueArray(fc.tuple(fc.constantFrom(...ids), patch), { selector: ([id]) => id, maxLength: ids.length }),
          );
        }),
        ([model, entries]) => {
          const text = renderModel(model);
          const before = parsePlan(text, "plan.md");
          expect(before.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

          const patches = new Map(entries);
          // The parse just checked, handed on (as write-back does): patchPlan then parses once more, to verify.
          const out = patchPlan(text, "plan.md", patches, { parsed: before });
          const expectedModel = applyToModel(model, patches);
          const expected = renderModel(expectedModel);
          expect(out).toBe(expected);
          if (expected === text) expect(out).toBe(text);

          const after = parsePlan(out, "plan.md");
          const wantDone = expectedModel.tables.flatMap((t) => t.rows.map((r) => [r.id, rowDone(r)]));
          expect(after.tasks.map((t) => [t.id, t.done])).toEqual(wantDone);
          for (const [id, p] of patches) {
            if (p.issue) expect(after.tasks.find((t) => t.id === id)?.issueLink).toMatchObject(p.issue);
          }
          expect(after.checklists.map((i) => i.checked)).toEqual(expectedModel.items.map((i) => i.box === "x"));
        },
      ),
      { numRuns: 200 },
    );
    // 200 runs of three parses each: seconds of CPU, which a loaded 2-core machine stretches past the default 30 s.
  }, 180_000);
});
