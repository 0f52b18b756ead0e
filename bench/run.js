// Runs every benchmark module in bench/ (each `*.js` here exporting `run`),
// prints its summary, and rewrites that benchmark's own block in BENCHMARKS.md,
// so benchmarks added by different people never overwrite each other's results.
//
// A benchmark module exports:
//   export const name = "parse";            // block id: <!-- bench:parse:start --> … <!-- bench:parse:end -->
//   export async function run() { return { summary: "one or more lines for the console", markdown: "the block's Markdown" }; }
//
// Usage: npm run bench            (builds lib/ first, then runs them all)
//        node bench/run.js parse  (only the named benchmarks; lib/ must be built)
import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { machineMarkdown } from "./support/machine.js";
import { replaceBlock } from "./support/replace-block.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const reportPath = join(benchDir, "..", "BENCHMARKS.md");
const only = process.argv.slice(2);

const files = (await readdir(benchDir)).filter((f) => f.endsWith(".js") && f !== "run.js").sort();
let report = await readFile(reportPath, "utf8").catch(
  () => "# Benchmarks\n\nWritten by `npm run bench`; each block belongs to one module in `bench/`.\n",
);
report = replaceBlock(report, "machine", machineMarkdown());

let failures = 0;
for (const file of files) {
  const mod = await import(pathToFileURL(join(benchDir, file)).href);
  if (typeof mod.run !== "function") continue;
  const name = mod.name ?? basename(file, ".js");
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n## ${name}`);
  try {
    const result = await mod.run();
    console.log(result.summary);
    report = replaceBlock(report, name, result.markdown);
  } catch (error) {
    failures++;
    console.error(`benchmark ${name} failed:`, error);
  }
}

await writeFile(reportPath, report);
console.log(`\nResults written to ${reportPath}`);
if (failures > 0) process.exitCode = 1;
