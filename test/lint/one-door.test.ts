import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Code only: a comment may name an endpoint to say why. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** A REST path in a string (`/repos/…`, `/user`, `/app/…`) or an Octokit route ("GET /…"). */
const API_PATH = /[`"'](?:\/(?:repos|user|users|orgs|app|installation|search)\b|(?:GET|POST|PATCH|PUT|DELETE) \/)/;

describe("GitHub behind one door (src/github)", () => {
  it("no file outside src/github builds a GitHub API URL or imports @octokit/*", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, "src"))) {
      const path = relative(root, file).split("\\").join("/");
      if (path.startsWith("src/github/")) continue;
      const code = withoutComments(readFileSync(file, "utf8"));
      code.split("\n").forEach((line, i) => {
        if (API_PATH.test(line) || /from\s+["']@octokit\//.test(line))
          offenders.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("the check sees an API URL and an Octokit route where they are (src/github)", () => {
    for (const file of ["src/github/rest/requests.ts", "src/github/token-user.ts"]) {
      const code = withoutComments(readFileSync(join(root, file), "utf8"));
      expect(
        code.split("\n").some((line) => API_PATH.test(line)),
        file,
      ).toBe(true);
    }
  });
});
