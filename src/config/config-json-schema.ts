import { z } from "zod";
import { PlanSyncConfigInputSchema } from "./config-schema.js";

/** Where editors fetch the schema from; the `# yaml-language-server: $schema=…` line of the examples points here. */
export const CONFIG_SCHEMA_URL =
  "https://raw.githubusercontent.com/plan-sync/plan-sync/main/schema/plan-sync.schema.json";

/** The committed file, relative to the repository root. */
export const CONFIG_SCHEMA_PATH = "schema/plan-sync.schema.json";

/**
 * What an editor shows on hover, by key path (`areas.*` is any area). Kept here
 * rather than in the zod schema so the validation messages stay the single
 * concern of config-schema.ts; a key without a line here fails the schema test.
 */
export const CONFIG_KEY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "": "plan-sync settings for this repository (.github/plan-sync.yml). Every key is optional; an unknown key is an error.",
  _extends:
    "Inherit settings from another repository's .github/plan-sync.yml (e.g. `.github` or `owner/repo`); keys here override it.",
  paths: "Globs (picomatch) for plan files; a single glob may be given as a string. Default: **/*.md.",
  ignore: "Globs to skip even when `paths` matches them.",
  labels: "Labels plan-sync puts on its issues.",
  "labels.plan": "The label on every issue plan-sync manages.",
  "labels.plan.name": "Name of the plan label. Default: plan-sync.",
  "labels.plan.color": 'Colour of the plan label, 6-digit hex (quote it: "bfdadc").',
  areas:
    "Task ID prefix (the ID's leading letters, e.g. DATA) → its area label and colour, merged with the built-in DATA, GAIN and EDH.",
  "areas.*": "One area: its label, colour and the repository its issues go to.",
  "areas.*.label": "Label for the area's issues. Default: the prefix itself.",
  "areas.*.color": 'Colour of the area label, 6-digit hex (quote it: "1d76db").',
  "areas.*.repo": "Repository (owner/name) the area's task issues are created in; default: the plan's own repository.",
  effortLabels: 'Effort text → label name, e.g. S: "size: S". Efforts not listed get no label.',
  "effortLabels.*": "The label for this effort.",
  accept: "Plan repositories (owner/name or owner/*) whose plans may route task issues into this repository.",
  tracking:
    "One tracking issue per plan, every task issue its sub-issue, its body the progress per area. Default: true; false turns it off.",
  links: "Write a link to each task's issue into the plan: DATA1 ([#12](…)). Default: true.",
  writeBack: "Tick a task in the plan when its issue is closed, untick it when it is reopened. Default: true.",
  massClose:
    "Guard against mass-closing: more than maxFraction of a plan's open issues and more than minCount are held back.",
  "massClose.maxFraction":
    "Fraction (0–1) of a plan's open issues a push may close without confirmation. Default: 0.5.",
  "massClose.minCount": "Closing this many issues or fewer never needs confirmation. Default: 5.",
  statusWords:
    "What write-back writes into a Status column that speaks in words (✅ Done, Pending) instead of the table's own words.",
  "statusWords.done":
    'Status text for a done task, e.g. "✅ Done"; must read as done. Default: the done word the table already uses.',
  "statusWords.open":
    'Status text for a reopened task, e.g. "⬜ Todo"; must read as open. Default: the open word the table already uses.',
  titleLength: "Maximum issue title length (20–256), counting the `DATA1: ` prefix. Default: 80.",
};

type Json = Record<string, unknown>;

/**
 * The JSON schema of `.github/plan-sync.yml` for editors, generated from the
 * zod schema the App validates with, so the two cannot drift apart unnoticed
 * (test/config/config-json-schema.test.ts compares it with the committed file).
 */
export function configJsonSchema(): Json {
  const generated = z.toJSONSchema(PlanSyncConfigInputSchema, {
    // What users write, before defaults and transforms; draft-07 is what the YAML language server reads best.
    io: "input",
    target: "draft-7",
    unrepresentable: "throw",
  }) as Json;
  const schema: Json = {
    $schema: generated.$schema,
    $id: CONFIG_SCHEMA_URL,
    title: "plan-sync configuration (.github/plan-sync.yml)",
    ...generated,
  };
  const properties = { ...(generated.properties as Json) };
  for (const key of ["paths", "ignore", "accept"]) {
    // The zod schema turns a single string into a one-item list (z.preprocess), which the generator cannot see.
    const list = properties[key] as Json | undefined;
    if (list?.type === "array") properties[key] = { anyOf: [list.items, list] };
  }
  // Probot's config loader reads `_extends` before plan-sync sees the file, so zod never does.
  schema.properties = { _extends: { type: "string", minLength: 1 }, ...properties };
  describe(schema, "");
  return schema;
}

/** Adds descriptions by key path and drops the generator's noise (JavaScript's largest safe integer as a maximum). */
function describe(node: Json, path: string): void {
  const description = CONFIG_KEY_DESCRIPTIONS[path];
  if (description !== undefined) node.description = description;
  if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  const child = (key: string): string => (path === "" ? key : `${path}.${key}`);
  for (const [key, value] of Object.entries((node.properties as Record<string, Json> | undefined) ?? {}))
    describe(value, child(key));
  if (node.additionalProperties && typeof node.additionalProperties === "object")
    describe(node.additionalProperties as Json, child("*"));
}

/** The file's exact text: two-space JSON and a final newline, as editors and Prettier would leave it. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
