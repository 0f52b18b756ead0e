import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { patchPlan, type PatchOptions, type TaskPatch } from "../../src/plan/patch-plan.js";

/**
 * Write-back in each dialect, byte for byte: a tick, an untick and a link
 * change exactly one line of the fixture, into exactly the line given here,
 * and the result reads back as intended (patchPlan verifies that too).
 */
const URL7 = "https://github.com/acme/app/issues/7";
const read = (dialect: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/plans/${dialect}/plan.md`, import.meta.url)), "utf8");

interface Case {
  dialect: string;
  what: string;
  id: string;
  patch: TaskPatch;
  before: string;
  after: string;
  options?: PatchOptions;
}

const cases: Case[] = [
  {
    dialect: "checklist-spec-kit",
    what: "tick",
    id: "T006",
    patch: { done: true },
    before: "- [ ] T006 [US1] Create the Album model in `app/src/models/album.ts`",
    after: "- [x] T006 [US1] Create the Album model in `app/src/models/album.ts`",
  },
  {
    dialect: "checklist-spec-kit",
    what: "untick",
    id: "T002",
    patch: { done: false },
    before: "- [X] T002 Initialize a Vite + React project with TypeScript in `app/package.json`",
    after: "- [ ] T002 Initialize a Vite + React project with TypeScript in `app/package.json`",
  },
  {
    dialect: "checklist-spec-kit",
    what: "link",
    id: "T003",
    patch: { issue: { number: 7, url: URL7 } },
    before: "- [x] T003 [P] Configure ESLint and Prettier in `app/eslint.config.js`",
    after: `- [x] T003 ([#7](${URL7})) [P] Configure ESLint and Prettier in \`app/eslint.config.js\``,
  },
  {
    dialect: "checklist-kiro",
    what: "tick an in-progress [-] box",
    id: "2.2",
    patch: { done: true },
    before: "- [-] 2.2 Validate points limits",
    after: "- [x] 2.2 Validate points limits",
  },
  {
    dialect: "checklist-kiro",
    what: "untick a nested sub-task",
    id: "3.2",
    patch: { done: false },
    before: "  - [x] 3.2 Show the running points total in the header",
    after: "  - [ ] 3.2 Show the running points total in the header",
  },
  {
    dialect: "checklist-kiro",
    what: "tick an optional [ ]* task",
    id: "4",
    patch: { done: true },
    before: "- [ ]* 4. Write end-to-end tests for the editor",
    after: "- [x]* 4. Write end-to-end tests for the editor",
  },
  {
    dialect: "checklist-kiro",
    what: "link after the number's dot",
    id: "1",
    patch: { issue: { number: 7, url: URL7 } },
    before: "- [x] 1. Set up the warband editor module",
    after: `- [x] 1. ([#7](${URL7})) Set up the warband editor module`,
  },
  {
    dialect: "checklist-bold-ids",
    what: "tick",
    id: "INIT-003",
    patch: { done: true },
    before: "- [ ] **INIT-003:** Structured logging with request IDs",
    after: "- [x] **INIT-003:** Structured logging with request IDs",
  },
  {
    dialect: "checklist-bold-ids",
    what: "untick",
    id: "P0-T1",
    patch: { done: false },
    before: "- [x] `P0-T1` Scaffold the CLI entry point",
    after: "- [ ] `P0-T1` Scaffold the CLI entry point",
  },
  {
    dialect: "checklist-bold-ids",
    what: "link after the bold",
    id: "INIT-001",
    patch: { issue: { number: 7, url: URL7 } },
    before: "- [x] **INIT-001**: Create the watcher service skeleton",
    after: `- [x] **INIT-001** ([#7](${URL7})): Create the watcher service skeleton`,
  },
  {
    dialect: "checklist-bold-ids",
    what: "link after a link to the task's file",
    id: "CORE-7",
    patch: { issue: { number: 7, url: URL7 } },
    before: "- [ ] [CORE-7](tasks/core-7.md) Persist the watch list across restarts",
    after: `- [ ] [CORE-7](tasks/core-7.md) ([#7](${URL7})) Persist the watch list across restarts`,
  },
  {
    dialect: "table-status-words",
    what: "tick: the table's own done word",
    id: "BILL-3",
    patch: { done: true },
    before: "| BILL-3 | Import invoices into the new ledger | ⬜ Pending |",
    after: "| BILL-3 | Import invoices into the new ledger | ✅ Done |",
  },
  {
    dialect: "table-status-words",
    what: "untick: the table's own open word",
    id: "BILL-1",
    patch: { done: false },
    before: "| BILL-1 | Export invoices from the old system | ✅ Done (PR #127) |",
    after: "| BILL-1 | Export invoices from the old system | ⬜ Pending |",
  },
  {
    dialect: "table-status-words",
    what: "tick with statusWords configured",
    id: "OPS-2",
    patch: { done: true },
    options: { statusWords: { done: "Shipped" } },
    before: "| OPS-2 | Delete the staging bucket | wip |",
    after: "| OPS-2 | Delete the staging bucket | Shipped |",
  },
  {
    dialect: "table-status-words",
    what: "link",
    id: "BILL-2",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| BILL-2 | Map tax codes | **Complete** |",
    after: `| BILL-2 ([#7](${URL7})) | Map tax codes | **Complete** |`,
  },
  {
    dialect: "table-formatted-ids",
    what: "tick: an emoji-only table stays emoji",
    id: "APP-2",
    patch: { done: true },
    before: "| `APP-2` | Code ID | ⬜ |",
    after: "| `APP-2` | Code ID | ✅ |",
  },
  {
    dialect: "table-formatted-ids",
    what: "link after a bold ID",
    id: "APP-1",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| **APP-1** | Bold ID | ✅ |",
    after: `| **APP-1** ([#7](${URL7})) | Bold ID | ✅ |`,
  },
  {
    dialect: "table-formatted-ids",
    what: "link after an ID linking to its file",
    id: "APP-3",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| [APP-3](tasks/app-3.md) | ID linking to its own task file | ✅ |",
    after: `| [APP-3](tasks/app-3.md) ([#7](${URL7})) | ID linking to its own task file | ✅ |`,
  },
  {
    dialect: "table-formatted-ids",
    what: "untick a numbered step",
    id: "3",
    patch: { done: false },
    before: "| 3 | Plain number | Done |",
    after: "| 3 | Plain number | Todo |",
  },
  {
    dialect: "table-formatted-ids",
    what: "link a dotted number",
    id: "2.1",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| 2.1 | Dotted number | Todo |",
    after: `| 2.1 ([#7](${URL7})) | Dotted number | Todo |`,
  },
  {
    dialect: "table-synonyms",
    what: "tick a State column",
    id: "2",
    patch: { done: true },
    before:
      "| 2 | Query API | Expose `GET /search?q=` backed by the index. | Returns results in under 200 ms | 2d | In progress |",
    after:
      "| 2 | Query API | Expose `GET /search?q=` backed by the index. | Returns results in under 200 ms | 2d | Done |",
  },
  {
    dialect: "table-synonyms",
    what: "untick an emoji Progress column",
    id: "SRCH-10",
    patch: { done: false },
    before: '| SRCH-10 | Synonym expansion | "car" finds "automobile" | 5 | ✅ | reviewed |',
    after: '| SRCH-10 | Synonym expansion | "car" finds "automobile" | 5 | ⬜ | reviewed |',
  },
  {
    dialect: "table-log",
    what: "tick beside a log table",
    id: "PIPE2",
    patch: { done: true },
    before: "| PIPE2 | Deduplicate events | No duplicate event IDs | 1d |",
    after: "| [x] PIPE2 | Deduplicate events | No duplicate event IDs | 1d |",
  },
  {
    dialect: "heading-tasks",
    what: "tick a Status line: the plan's own done words",
    id: "2",
    patch: { done: true },
    before: "**Status:** In progress",
    after: "**Status:** ✅ Complete",
  },
  {
    dialect: "heading-tasks",
    what: "untick a Status line: the plan's own open words",
    id: "1",
    patch: { done: false },
    before: "**Status:** ✅ Complete",
    after: "**Status:** In progress",
  },
  {
    dialect: "heading-tasks",
    what: "tick a heading without a state: an emoji before the ID",
    id: "T-6",
    patch: { done: true },
    before: "#### T-6 — Synonym expansion",
    after: "#### ✅ T-6 — Synonym expansion",
  },
  {
    dialect: "heading-tasks",
    what: "untick a heading done by its emoji",
    id: "T-4",
    patch: { done: false },
    before: "#### ✅ T-4 — Cache popular queries",
    after: "#### T-4 — Cache popular queries",
  },
  {
    dialect: "heading-tasks",
    what: "untick a heading done by its body's checkboxes",
    id: "T-5",
    patch: { done: false },
    before: "#### T-5 — Rank by freshness",
    after: "#### ⬜ T-5 — Rank by freshness",
  },
  {
    dialect: "heading-tasks",
    what: "untick a heading's checkbox",
    id: "7",
    patch: { done: false },
    before: "### [x] Task 7: Remove the old `LIKE` search",
    after: "### [ ] Task 7: Remove the old `LIKE` search",
  },
  {
    dialect: "heading-tasks",
    what: "link after the number",
    id: "3",
    patch: { issue: { number: 7, url: URL7 } },
    before: "### Task 3: Query API",
    after: `### Task 3 ([#7](${URL7})): Query API`,
  },
  {
    dialect: "table-no-id",
    what: "tick: the table's own done word",
    id: "import-invoices",
    patch: { done: true },
    before: "| Import invoices | Load the CSV into the new ledger | Ana | ⬜ Todo |",
    after: "| Import invoices | Load the CSV into the new ledger | Ana | ✅ Done |",
  },
  {
    dialect: "table-no-id",
    what: "untick: the table's own open word",
    id: "export-invoices",
    patch: { done: false },
    before: "| Export invoices | Dump all invoices from the old system as CSV | Ana | ✅ Done |",
    after: "| Export invoices | Dump all invoices from the old system as CSV | Ana | In progress |",
  },
  {
    dialect: "table-no-id",
    what: "link at the end of the name cell, the ID unchanged",
    id: "map-tax-codes",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| Map tax codes | Translate old tax codes to the new ledger's | Ben | In progress |",
    after: `| Map tax codes ([#7](${URL7})) | Translate old tax codes to the new ledger's | Ben | In progress |`,
  },
  {
    dialect: "restarting-ids",
    what: "tick the second phase's 2",
    id: "Phase-2/2",
    patch: { done: true },
    before: "- [ ] 2. Password reset by email",
    after: "- [x] 2. Password reset by email",
  },
  {
    dialect: "restarting-ids",
    what: "untick the first phase's 1",
    id: "Phase-1/1",
    patch: { done: false },
    before: "- [x] 1. Create the React Native project",
    after: "- [ ] 1. Create the React Native project",
  },
  {
    dialect: "restarting-ids",
    what: "link a restarted number in a table",
    id: "Phase-3/1",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| 1 | Offline queue for edits | Done |",
    after: `| 1 ([#7](${URL7})) | Offline queue for edits | Done |`,
  },
  {
    dialect: "table-strikethrough",
    what: "untick a struck-through row",
    id: "PIPE-2",
    patch: { done: false },
    before: "| ~~PIPE-2~~ | ~~Ingest page views~~ | ~~Events land in `raw.views`~~ | ~~1d~~ |",
    after: "| [ ] ~~PIPE-2~~ | ~~Ingest page views~~ | ~~Events land in `raw.views`~~ | ~~1d~~ |",
  },
  {
    dialect: "table-strikethrough",
    what: "link after a struck-through ID",
    id: "PIPE-2",
    patch: { issue: { number: 7, url: URL7 } },
    before: "| ~~PIPE-2~~ | ~~Ingest page views~~ | ~~Events land in `raw.views`~~ | ~~1d~~ |",
    after: `| ~~PIPE-2~~ ([#7](${URL7})) | ~~Ingest page views~~ | ~~Events land in \`raw.views\`~~ | ~~1d~~ |`,
  },
  {
    dialect: "table-strikethrough",
    what: "tick a checkbox Done column",
    id: "CHK-2",
    patch: { done: true },
    before: "| CHK-2 | Late events are reprocessed | [ ] |",
    after: "| CHK-2 | Late events are reprocessed | [x] |",
  },
  {
    dialect: "checklist-no-ids",
    what: "tick",
    id: "parse-front-matter",
    patch: { done: true },
    before: "- [ ] Parse front matter (files: src/front-matter.ts)",
    after: "- [x] Parse front matter (files: src/front-matter.ts)",
  },
  {
    dialect: "checklist-no-ids",
    what: "untick",
    id: "scaffold-the-cli-with-a-build",
    patch: { done: false },
    before: "- [x] Scaffold the CLI with a `build` command",
    after: "- [ ] Scaffold the CLI with a `build` command",
  },
  {
    dialect: "checklist-no-ids",
    what: "link after the box, the ID unchanged",
    id: "write-the-index-page",
    patch: { issue: { number: 7, url: URL7 } },
    before: "- [ ] Write the index page (files: src/index-page.ts)",
    after: `- [ ] ([#7](${URL7})) Write the index page (files: src/index-page.ts)`,
  },
  {
    dialect: "heading-status-words",
    what: "tick a Status line: the done words the plan's Status lines use",
    id: "2",
    patch: { done: true },
    before: "Status: 🚧 WIP",
    after: "Status: ✅ Done",
  },
  {
    dialect: "heading-status-words",
    what: "untick a Status line with a note: the note goes with the old state",
    id: "1",
    patch: { done: false },
    before: "**Status:** ✅ Done (PR #127)",
    after: "**Status:** 🚧 WIP",
  },
  {
    dialect: "heading-status-words",
    what: "tick a Status line no word list knows",
    id: "4",
    patch: { done: true },
    before: "**Status:** Reviewing",
    after: "**Status:** ✅ Done",
  },
  {
    dialect: "heading-status-words",
    what: "tick a list-item Status line in the configured done word",
    id: "3",
    patch: { done: true },
    before: "- **Status**: Blocked",
    after: "- **Status**: Complete",
    options: { statusWords: { done: "Complete" } },
  },
  {
    dialect: "heading-status-words",
    what: "untick a Status line in the configured open word",
    id: "6",
    patch: { done: false },
    before: "**Status:** ✅ Done",
    after: "**Status:** ⬜ Todo",
    options: { statusWords: { open: "⬜ Todo" } },
  },
  {
    dialect: "heading-status-words",
    what: "link a heading task with a Status line",
    id: "5",
    patch: { issue: { number: 7, url: URL7 } },
    before: "### Task 5: Retire the old system",
    after: `### Task 5 ([#7](${URL7})): Retire the old system`,
  },
  {
    dialect: "heading-tasks",
    what: "tick a heading without a Status line: an emoji before the ID even with configured words",
    id: "T-6",
    patch: { done: true },
    before: "#### T-6 — Synonym expansion",
    after: "#### ✅ T-6 — Synonym expansion",
    options: { statusWords: { done: "Complete", open: "Todo" } },
  },
];

describe("write-back in each dialect changes exactly one line, byte for byte", () => {
  for (const c of cases) {
    it(`${c.dialect}: ${c.what} (${c.id})`, () => {
      const text = read(c.dialect);
      const lines = text.split("\n");
      const at = lines.indexOf(c.before);
      expect(at, `line "${c.before}" in ${c.dialect}`).toBeGreaterThanOrEqual(0);

      const patched = patchPlan(text, "plan.md", new Map([[c.id, c.patch]]), c.options);
      const expected = [...lines.slice(0, at), c.after, ...lines.slice(at + 1)].join("\n");
      expect(patched).toBe(expected);

      const task = parsePlan(patched, "plan.md").tasks.find((t) => t.id === c.id);
      if (c.patch.done !== undefined) expect(task?.done).toBe(c.patch.done);
      if (c.patch.issue) expect(task?.issueLink?.number).toBe(c.patch.issue.number);
      // Writing the same thing again changes nothing.
      expect(patchPlan(patched, "plan.md", new Map([[c.id, c.patch]]), c.options)).toBe(patched);
    });
  }
});
