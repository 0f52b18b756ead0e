import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export interface FixtureCase {
  /** The case folder's name, e.g. `crlf`. */
  name: string;
  /** Its absolute path. */
  dir: string;
}

/**
 * The case folders of a fixture-driven test, sorted by name. Throws (failing the
 * test file at collection) when the folder holds no case, or a case lacks one of
 * `required`: `describe.each([])` would otherwise pass with zero tests, and a case
 * without its input would be skipped silently. Golden outputs (expected.*) are
 * not listed here: a missing one fails its own assertion (see docs/testing.md).
 */
export function fixtureCases(
  root: string,
  opts: { prefix?: string; required?: readonly string[] } = {},
): FixtureCase[] {
  const where = relative(process.cwd(), root) || root;
  if (!existsSync(root)) throw new Error(`fixture folder ${where} does not exist`);
  const cases = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith(opts.prefix ?? ""))
    .map((d) => ({ name: d.name, dir: join(root, d.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (cases.length === 0) {
    throw new Error(
      `no fixture cases${opts.prefix ? ` named ${opts.prefix}*` : ""} in ${where}: nothing would be tested`,
    );
  }
  for (const c of cases) {
    const missing = (opts.required ?? []).filter((file) => !existsSync(join(c.dir, file)));
    if (missing.length > 0) throw new Error(`fixture case ${join(where, c.name)} lacks ${missing.join(", ")}`);
  }
  return cases;
}
