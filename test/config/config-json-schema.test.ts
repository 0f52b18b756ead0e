import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  CONFIG_KEY_DESCRIPTIONS,
  CONFIG_SCHEMA_PATH,
  CONFIG_SCHEMA_URL,
  configJsonSchema,
  configJsonSchemaText,
} from "../../src/config/config-json-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

const REGENERATE = `${CONFIG_SCHEMA_PATH} is out of date with src/config/config-schema.ts: run \`npm run schema\` and commit the file`;

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(read(CONFIG_SCHEMA_PATH)));

type KeyedSchema = { properties?: Record<string, KeyedSchema>; additionalProperties?: unknown; anyOf?: KeyedSchema[] };

/** Every key path an editor can complete (`areas.*` for map values), as CONFIG_KEY_DESCRIPTIONS names them. */
function keyPaths(node: KeyedSchema, path = ""): string[] {
  const child = (key: string): string => (path === "" ? key : `${path}.${key}`);
  const paths: string[] = [];
  for (const [key, value] of Object.entries(node.properties ?? {}))
    paths.push(child(key), ...keyPaths(value, child(key)));
  if (node.additionalProperties && typeof node.additionalProperties === "object")
    paths.push(child("*"), ...keyPaths(node.additionalProperties as KeyedSchema, child("*")));
  return paths;
}

/** The `.github/plan-sync.yml` examples users copy: YAML blocks that start with the schema comment. */
function configExamples(file: string): string[] {
  return [...read(file).matchAll(/```ya?ml\n(# yaml-language-server: \$schema=[^\n]*\n[\s\S]*?)```/g)].map(
    (m) => m[1]!,
  );
}

describe(`the JSON schema for editors (${CONFIG_SCHEMA_PATH})`, () => {
  it("is the one generated from the zod schema the App validates with", () => {
    expect(read(CONFIG_SCHEMA_PATH), REGENERATE).toBe(configJsonSchemaText());
  });

  it("describes every key, so editors explain each setting on hover", () => {
    const undescribed = keyPaths(configJsonSchema() as KeyedSchema).filter((key) => !(key in CONFIG_KEY_DESCRIPTIONS));
    expect(
      undescribed,
      "add a line for each new key to CONFIG_KEY_DESCRIPTIONS in src/config/config-json-schema.ts, then `npm run schema`",
    ).toEqual([]);
  });

  it.each<[string, unknown]>([
    ["no settings", {}],
    ["a single glob instead of a list", { paths: "docs/plans/**/*.md", ignore: "docs/archive/**" }],
    ["a list of globs", { paths: ["docs/*.md", "plans/*.md"] }],
    ["a colour with #", { labels: { plan: { name: "roadmap", color: "#C5DEF5" } } }],
    ["an area routed to another repository", { areas: { OPS: { label: "area: ops", repo: "acme/ops" } } }],
    ["accepting a whole organisation", { accept: "acme/*" }],
    ["effort labels", { effortLabels: { S: "size: S" } }],
    ["the guard's bounds", { massClose: { maxFraction: 1, minCount: 0 }, titleLength: 256 }],
  ])("accepts what plan-sync accepts: %s", (_name, config) => {
    expect(parseConfig(config)).toMatchObject({ ok: true });
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each<[string, unknown]>([
    ["a misspelt key", { writeback: false }],
    ["a misspelt nested key", { massClose: { maxFraction: 0.5, mincount: 3 } }],
    ["an unquoted colour YAML reads as a number", { labels: { plan: { color: 0 } } }],
    ["a colour that is not hex", { areas: { DATA: { color: "blue" } } }],
    ["an area prefix with digits", { areas: { DATA1: { label: "x" } } }],
    ["a repository without an owner", { areas: { OPS: { repo: "ops" } } }],
    ["a fraction above 1", { massClose: { maxFraction: 1.5 } }],
    ["a fractional count", { massClose: { minCount: 2.5 } }],
    ["a title length below 20", { titleLength: 10 }],
    ["an empty glob", { paths: [""] }],
    ["a label name over GitHub's 50 characters", { effortLabels: { S: "x".repeat(51) } }],
    ["text for a switch", { links: "yes" }],
  ])("refuses what plan-sync refuses: %s", (_name, config) => {
    expect(parseConfig(config)).toMatchObject({ ok: false });
    expect(validate(config)).toBe(false);
  });

  it("lets `_extends` through: Probot's loader reads it before plan-sync validates the rest", () => {
    expect(validate({ _extends: ".github", links: false })).toBe(true);
  });
});

describe("the configuration examples users copy", () => {
  const examples = ["README.md", "docs/configuration.md"].flatMap((file) =>
    configExamples(file).map((text, i) => [`${file} #${i + 1}`, text] as const),
  );

  it("name the schema, so editors check them", () => {
    expect(examples.map(([name]) => name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^README\.md/), expect.stringMatching(/^docs\/configuration\.md/)]),
    );
    for (const [name, text] of examples)
      expect(text.split("\n")[0], name).toBe(`# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`);
  });

  it.each(examples)("%s is valid for plan-sync and for the schema", (_name, text) => {
    // A file with only comments is no settings, for Probot as for editors.
    const config: unknown = parseYaml(text) ?? {};
    expect(parseConfig(config)).toMatchObject({ ok: true });
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });
});
