import { z } from "zod";
import { readStatusWord } from "../plan/status-word.js";

// The model and defaults live in default-config.ts, which loads no zod: `plan-sync check` without a config needs them
// and not the schema (zod costs ~0.1 s to load).
export {
  DEFAULT_AREAS,
  DEFAULT_CONFIG,
  EFFORT_LABEL_COLOR,
  NEUTRAL_COLOR,
  resolveAreas,
  type AreaLabel,
  type PlanSyncConfig,
} from "./default-config.js";

/**
 * The schema of `.github/plan-sync.yml`. Every key is optional; unknown keys
 * are rejected (strict objects) because a misspelt key that is silently
 * ignored is a setting the user believes is on but is not.
 */

// YAML turns an unquoted `000000` into the number 0, so a number here is
// reported with a hint instead of being guessed back into a colour.
const color = z
  .string({ error: 'expected a 6-digit hex colour such as "1d76db" (quote it in YAML)' })
  .regex(/^#?[0-9a-fA-F]{6}$/, { error: 'expected a 6-digit hex colour such as "1d76db"' })
  .transform((c) => c.replace(/^#/, "").toLowerCase());

// GitHub refuses label names longer than 50 characters.
const labelName = z
  .string({ error: "expected a label name (text)" })
  .trim()
  .min(1, { error: "expected a non-empty label name" })
  .max(50, { error: "expected a label name of at most 50 characters (GitHub's limit)" });

// A single glob is accepted as a one-item list: `paths: docs/**` reads naturally.
const globList = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(z.string({ error: "expected a glob (text)" }).min(1, { error: "expected a non-empty glob" }), {
    error: "expected a glob or a list of globs",
  }),
);

// GitHub's rules for account and repository names, so a typo is caught offline (`plan-sync check`), not at the first push.
const REPO_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const repoName = z
  .string({ error: "expected a repository as owner/name, such as acme/data" })
  .trim()
  .regex(REPO_NAME, { error: "expected a repository as owner/name, such as acme/data" });

const areaEntry = z.strictObject(
  {
    label: labelName.optional(),
    color: color.optional(),
    /** Where the area's task issues live; the plan's own repository when absent. */
    repo: repoName.optional(),
  },
  { error: "expected a mapping with `label`, `color` and/or `repo`" },
);

// `accept: acme/*` reads naturally for one entry, as `paths` does.
const acceptList = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(
    z
      .string({ error: "expected a repository (owner/name) or owner/*" })
      .trim()
      .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?:\*|[A-Za-z0-9._-]{1,100})$/, {
        error: "expected a repository (owner/name) or owner/*, such as acme/planning",
      }),
    { error: "expected a list of repositories (owner/name or owner/*)" },
  ),
);

const boolean = z.boolean({ error: "expected true or false" });

// The text write-back puts in a Status cell; it must read back as the state it stands for, and fit in one cell.
const statusText = (done: boolean) =>
  z
    .string({ error: 'expected a status text such as "✅ Done"' })
    .trim()
    .min(1, { error: "expected a non-empty status text" })
    .refine((t) => !/[|\r\n]/.test(t), {
      error: 'expected text without "|" or line breaks (it goes into a table cell)',
    })
    .refine((t) => readStatusWord(t)?.done === done, {
      error: done
        ? 'expected a status that reads as done, such as "✅ Done", "Done", "Complete" or "Shipped"'
        : 'expected a status that reads as open, such as "⬜ Todo", "Todo", "Pending" or "Not started"',
    });

export const PlanSyncConfigInputSchema = z.strictObject(
  {
    paths: globList.default(["**/*.md"]),
    ignore: globList.default([]),
    labels: z
      .strictObject(
        {
          plan: z
            .strictObject(
              {
                name: labelName.default("plan-sync"),
                color: color.default("bfdadc"),
              },
              { error: "expected a mapping with `name` and/or `color`" },
            )
            .prefault({}),
        },
        { error: "expected a mapping with a `plan` key" },
      )
      .prefault({}),
    areas: z
      .record(
        z.string().regex(/^[A-Za-z]+$/, { error: "expected an ID prefix made of letters only, such as DATA" }),
        areaEntry,
        { error: "expected a mapping of ID prefix to { label, color, repo }" },
      )
      .default({}),
    effortLabels: z
      .record(z.string(), labelName, { error: "expected a mapping of effort text to label name" })
      .default({}),
    /** Plan repositories whose plans may route task issues into this repository (see areas.*.repo). */
    accept: acceptList.default([]),
    /** A tracking issue per plan with every task issue as its sub-issue; on for every plan unless turned off. */
    tracking: boolean.default(true),
    links: boolean.default(true),
    writeBack: boolean.default(true),
    massClose: z
      .strictObject(
        {
          maxFraction: z
            .number({ error: "expected a number between 0 and 1" })
            .min(0, { error: "expected a number between 0 and 1" })
            .max(1, { error: "expected a number between 0 and 1" })
            .default(0.5),
          minCount: z
            .number({ error: "expected a whole number of 0 or more" })
            .int({ error: "expected a whole number of 0 or more" })
            .min(0, { error: "expected a whole number of 0 or more" })
            .default(5),
        },
        { error: "expected a mapping with `maxFraction` and/or `minCount`" },
      )
      .prefault({}),
    statusWords: z
      .strictObject(
        { done: statusText(true).optional(), open: statusText(false).optional() },
        { error: "expected a mapping with `done` and/or `open`" },
      )
      .prefault({}),
    titleLength: z
      .number({ error: "expected a whole number between 20 and 256" })
      .int({ error: "expected a whole number between 20 and 256" })
      .min(20, { error: "expected a whole number between 20 and 256" })
      // GitHub's own limit on issue titles.
      .max(256, { error: "expected a whole number between 20 and 256" })
      .default(80),
  },
  { error: "expected a mapping of settings" },
);
