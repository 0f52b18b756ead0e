import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder (a git repository unless `git: false`) holding `files`; removed after the test. */
export function tempRepo(files: Record<string, string> = {}, opts: { git?: boolean } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "plan-sync-cli-")));
  made.push(dir);
  if (opts.git !== false) execFileSync("git", ["init", "-q", dir]);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
