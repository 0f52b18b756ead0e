import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";

/** Folders never worth walking when git cannot say what the repository holds. */
const SKIP = new Set([".git", "node_modules"]);

/**
 * The Markdown files under `root` the config's `paths` and `ignore` select,
 * as root-relative `/`-separated paths, sorted. The file list is git's
 * (tracked files plus untracked ones not ignored: what a push would carry),
 * or, outside a git work tree, a walk of the folder. Whether each is a plan
 * (has a task table) is left to the caller, as the App leaves it to the parser.
 */
export async function listPlanFiles(root: string, config: Pick<PlanSyncConfig, "paths" | "ignore">): Promise<string[]> {
  const files = (await gitFiles(root)) ?? (await walk(root));
  return files.filter((p) => /\.md$/i.test(p) && matchesPlanPaths(p, config)).sort();
}

function gitFiles(root: string): Promise<string[] | null> {
  return new Promise((done) => {
    execFile(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
      { cwd: root, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => done(error ? null : [...new Set(stdout.split("\0").filter((p) => p !== ""))]),
    );
  });
}

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // An unreadable folder holds nothing we could check.
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) await visit(join(dir, entry.name));
      } else if (entry.isFile()) {
        out.push(relative(root, join(dir, entry.name)).split(sep).join("/"));
      }
    }
  };
  await visit(root);
  return out;
}
