import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** The topic pages README links to; each must exist and open with a table of contents. */
const TOPIC_PAGES = [
  "docs/plan-format.md",
  "docs/configuration.md",
  "docs/how-it-works.md",
  "docs/cli.md",
  "docs/actions.md",
  "docs/operations.md",
  "docs/troubleshooting.md",
  "docs/limits.md",
];

/** Words as `wc -w` counts them: runs of non-space characters. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Drops fenced code blocks, so `# a comment` in a shell block is not taken for a heading. */
function outsideFences(text: string): string[] {
  let fenced = false;
  return text.split(/\r?\n/).filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of outsideFences(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

/** Relative links `[text](target)` outside code: what a reader can click. */
function relativeLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const line of outsideFences(markdown)) {
    const withoutCode = line.replace(/`[^`]*`/g, "");
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (!/^[a-z][a-z+.-]*:/i.test(target)) links.push(target);
    }
  }
  return links;
}

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  return ["README.md", "CONTRIBUTING.md", ...docs].filter((f) => existsSync(join(ROOT, f)));
}

describe("README, the newcomer's page", () => {
  const readme = read("README.md");

  it("is at most 3,000 words", () => {
    expect(wordCount(readme)).toBeLessThanOrEqual(3000);
  });

  it("states the two set-up commands", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toMatch(/^npm test\b/m);
  });

  it("links every topic page, the plan template and the benchmarks", () => {
    const links = relativeLinks(readme).map((l) => l.split("#")[0]);
    for (const page of [...TOPIC_PAGES, "templates/plan-template.md", "BENCHMARKS.md", "CONTRIBUTING.md"])
      expect(links, page).toContain(page);
  });
});

describe("docs/ topic pages", () => {
  it.each(TOPIC_PAGES)("%s starts with a title and a table of contents that matches its headings", (page) => {
    const text = read(page);
    expect(text).toMatch(/^# \S/);
    const lines = outsideFences(text);
    const start = lines.indexOf("## Contents");
    expect(start, "a `## Contents` section").toBeGreaterThan(0);
    const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
    const tocLinks = lines
      .slice(start + 1, end)
      .flatMap((line) => [...line.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]));
    // Every second-level section after the contents is listed in it.
    const sections = lines
      .slice(start + 1)
      .filter((line) => line.startsWith("## "))
      .map((line) => [...anchors(line)][0]);
    expect(tocLinks).toEqual(expect.arrayContaining(sections));
    expect(sections.length).toBeGreaterThan(0);
  });
});

describe("links between the pages", () => {
  it.each(markdownFiles())("every relative link in %s points at a file (and heading) that exists", (file) => {
    const broken: string[] = [];
    for (const link of relativeLinks(read(file))) {
      const [path, anchor] = link.split("#") as [string, string | undefined];
      const target = path === "" ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), decodeURI(path));
      if (!existsSync(target)) {
        broken.push(`${link} (no file ${relative(ROOT, target)})`);
        continue;
      }
      if (anchor && target.endsWith(".md") && statSync(target).isFile()) {
        if (!anchors(readFileSync(target, "utf8")).has(anchor)) broken.push(`${link} (no heading #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("the shipped plan template", () => {
  it("is a plan a newcomer can check straight away: no errors, only its example rows as warnings", () => {
    const plan = parsePlan(read("templates/plan-template.md"), "templates/plan-template.md");
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(new Set(plan.diagnostics.map((d) => d.code))).toEqual(new Set(["placeholder-row"]));
  });
});
