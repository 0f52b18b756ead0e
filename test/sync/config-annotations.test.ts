import { describe, expect, it } from "vitest";
import { configErrorOutput } from "../../src/sync/failure-output.js";

const CONFIG = ".github/plan-sync.yml";

describe("configErrorOutput annotations", () => {
  it("a YAML error with a position is annotated on the config file at that line", () => {
    const out = configErrorOutput([
      "line 3, column 1: not valid YAML: All mapping items must start at the same column",
    ]);
    expect(out.annotations).toEqual([
      {
        path: CONFIG,
        startLine: 3,
        endLine: 3,
        level: "failure",
        message: "line 3, column 1: not valid YAML: All mapping items must start at the same column",
        title: "invalid-config",
      },
    ]);
  });

  it("an error in another repository's file (_extends) or without a position is left to the summary", () => {
    const out = configErrorOutput([
      "line 2, column 7: not valid YAML (in acme/.github:.github/plan-sync.yml): Nested mappings are not allowed",
      "(file): not valid YAML",
      "(top level): expected a mapping of settings",
    ]);
    expect(out.annotations).toEqual([]);
    expect(out.summary).toContain("- (file): not valid YAML");
  });

  it("a bad value is annotated at its key's line, nested keys under their parent, when the file's text is given", () => {
    const text = [
      "# plan-sync settings",
      "paths:",
      "  - docs/**",
      "labels:",
      "  plan:",
      "    name: plans",
      "    color: blue",
      "massClose:",
      "  minCount: -1",
      "links: maybe",
      "",
    ].join("\n");
    const out = configErrorOutput(
      [
        'labels.plan.color: expected a 6-digit hex colour such as "1d76db"',
        "massClose.minCount: expected a whole number of 0 or more",
        "links: expected true or false",
        "paths[0]: expected a non-empty glob",
        "writeBack: expected true or false",
      ],
      text,
    );
    expect(out.annotations.map((a) => [a.startLine, a.message.split(":")[0]])).toEqual([
      [2, "paths[0]"],
      [7, "labels.plan.color"],
      [9, "massClose.minCount"],
      [10, "links"],
    ]);
  });

  it("a key of the same name elsewhere is not taken for a nested one", () => {
    const text = "labels:\n  plan:\n    name: plans\ncolor: red\n";
    const out = configErrorOutput(['labels.plan.color: expected a 6-digit hex colour such as "1d76db"'], text);
    // `color` at the top level is not labels.plan.color: the nearest key that is there (labels.plan) is annotated.
    expect(out.annotations.map((a) => a.startLine)).toEqual([2]);
  });
});

describe("configErrorOutput annotations: finding the key's line", () => {
  const lineOf = (error: string, lines: string[]) =>
    configErrorOutput([error], lines.join("\n")).annotations.map((a) => a.startLine);
  const COLOR = 'labels.plan.color: expected a 6-digit hex colour such as "1d76db"';

  it("blank lines, whitespace-only lines and comments (at any indent) inside a block do not end it", () => {
    const text = [
      "labels:",
      "# the label every plan issue gets",
      "  plan:",
      "",
      "  # a comment at the parent's indent",
      "  ",
      "    name: plans",
      "",
      "    color: blue",
    ];
    expect(lineOf(COLOR, text)).toEqual([9]);
  });

  it("a file saved with a byte-order mark (as some Windows editors do) is annotated at the same lines, one-space indents included", () => {
    expect(lineOf(COLOR, ["\uFEFFlabels:", " plan:", "  color: blue", ""])).toEqual([3]);
    expect(lineOf("links: expected true or false", ["\uFEFFlinks: maybe"])).toEqual([1]);
  });

  it("a key inherited with _extends is not looked for under the next key at its parent's indent, or in the next section", () => {
    const text = [
      "_extends: acme/.github",
      "areas:",
      "  OPS:",
      "    label: ops",
      "  DATA:",
      "    color: 00ff00",
      "effortLabels:",
      "  L: large",
    ];
    // areas.OPS.color comes from acme/.github: the nearest key of it in this file is `OPS:`, not DATA's color.
    expect(lineOf('areas.OPS.color: expected a 6-digit hex colour such as "1d76db"', text)).toEqual([3]);
    // An area L only in acme/.github: `areas:` is annotated, not effortLabels' `L:`.
    expect(lineOf('areas.L.color: expected a 6-digit hex colour such as "1d76db"', text)).toEqual([2]);
  });

  it("an error that names no key, or a position before the first line (GitHub refuses line 0), is left to the summary", () => {
    const out = configErrorOutput(
      ["(top level): expected a mapping of settings", "line 0, column 0: not valid YAML: Unexpected end of input"],
      "- just\n- a list\n",
    );
    expect(out.annotations).toEqual([]);
    expect(out.summary).toContain("- (top level): expected a mapping of settings");
  });
});
