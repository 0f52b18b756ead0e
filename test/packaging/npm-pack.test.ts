import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

interface PackResult {
  filename: string;
  files: { path: string }[];
}

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  exports: Record<string, string>;
  license: string;
  repository: { url: string };
  keywords: string[];
  engines: { node: string };
};

let dir: string;
let packed: PackResult;
let files: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "plan-sync-pack-"));
  // --ignore-scripts: the suite's global setup already built lib/; prepare would build it again.
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: ROOT,
    timeout: 120_000,
  });
  packed = (JSON.parse(stdout) as PackResult[])[0]!;
  files = packed.files.map((f) => f.path).sort();
  await run("tar", ["-xzf", join(dir, packed.filename), "-C", dir]);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the npm package (npm pack)", () => {
  it("ships only what runs: the compiled code, the command, the template, the schema, app.yml and the docs at the top", () => {
    const allowed =
      /^(lib\/.*\.js|bin\/[^/]+\.js|templates\/[^/]+\.md|schema\/[^/]+\.json|app\.yml|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "app.yml",
        "templates/plan-template.md",
        "schema/plan-sync.schema.json",
        "lib/main.js",
        "lib/index.js",
      ]),
    );
  });

  it("ships no tests, fixtures, benchmarks, sources or source maps", () => {
    expect(files.filter((f) => /^(test|fixtures|bench|src|docs|scripts|dist)\/|\.map$|\.ts$/.test(f))).toEqual([]);
  });

  it("contains every file package.json's bin and exports point at", () => {
    const targets = [...Object.values(pkg.bin), ...Object.values(pkg.exports)].map((p) => p.replace(/^\.\//, ""));
    expect(files).toEqual(expect.arrayContaining(targets));
  });

  it("says what it is: MIT licence, repository, keywords", () => {
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(pkg.repository.url).toMatch(/github\.com\/[^/]+\/plan-sync\.git$/);
    expect(pkg.keywords.length).toBeGreaterThan(0);
  });

  it("runs from the unpacked package: the command checks the shipped template", async () => {
    const unpacked = join(dir, "package");
    // What `npm install` would add: the dependencies, here the repository's own.
    symlinkSync(join(ROOT, "node_modules"), join(unpacked, "node_modules"), "dir");
    const bin = join(unpacked, pkg.bin["plan-sync"]!);
    // Exit 0 (run() rejects otherwise): the template's example rows are warnings, not errors.
    const { stdout, stderr } = await run(process.execPath, [bin, "check", "templates/plan-template.md"], {
      cwd: unpacked,
      timeout: 60_000,
    });
    expect(stdout + stderr).toMatch(/templates\/plan-template\.md:58:\d+: warning/);
  });
});
