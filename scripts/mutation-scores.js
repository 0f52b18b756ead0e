#!/usr/bin/env node
// Sums StrykerJS JSON reports (reports/mutation/*.json, one per folder or file run) into one score per folder, and
// lists the survivors: runs are folder by folder or file by file on two cores, so no single report holds them all.
// Usage: node scripts/mutation-scores.js [--survivors] [--files] [--write] [report.json ...]
// --write puts the table into BENCHMARKS.md between its mutation-table markers instead of printing it.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const showSurvivors = args.includes("--survivors");
// --files: one row per source file as well as per folder.
const showFiles = args.includes("--files");
const write = args.includes("--write");
let reports = args.filter((a) => !a.startsWith("--"));
if (reports.length === 0) {
  const dir = "reports/mutation";
  // Oldest first, so that a file scored by several runs counts with its latest run (readdir's order is the file
  // system's, not the names').
  reports = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".incremental.json"))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

// A file mutated by several runs counts once: the last report read wins (later arguments; without arguments, the
// most recently written report).
const files = new Map();
for (const report of reports) {
  const json = JSON.parse(readFileSync(report, "utf8"));
  for (const [name, file] of Object.entries(json.files)) files.set(name, file);
}

const folders = new Map();
const rows = new Map();
const survivors = [];
for (const [name, file] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const folder = name.split("/").slice(0, 2).join("/");
  const count = folders.get(folder) ?? { files: 0, killed: 0, survived: 0, noCoverage: 0, ignored: 0, other: 0 };
  const own = { files: 1, killed: 0, survived: 0, noCoverage: 0, ignored: 0, other: 0 };
  count.files += 1;
  for (const mutant of file.mutants) {
    for (const c of [count, own]) {
      if (mutant.status === "Killed" || mutant.status === "Timeout") c.killed += 1;
      else if (mutant.status === "Survived") c.survived += 1;
      else if (mutant.status === "NoCoverage") c.noCoverage += 1;
      else if (mutant.status === "Ignored") c.ignored += 1;
      else c.other += 1;
    }
    if (mutant.status === "Survived" || mutant.status === "NoCoverage") {
      const { line, column } = mutant.location.start;
      const original = file.source.split("\n")[line - 1]?.trim().slice(0, 100);
      survivors.push(
        `${name}:${line}:${column} ${mutant.status} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? "")}\n    ${original}`,
      );
    }
  }
  folders.set(folder, count);
  rows.set(name, own);
}

const table = [
  "| Folder | Files | Mutants | Killed | Survived | No coverage | Ignored | Score |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const [folder, c] of showFiles ? [...folders, ...rows] : folders) {
  const scored = c.killed + c.survived + c.noCoverage;
  const score = scored === 0 ? "–" : `${((100 * c.killed) / scored).toFixed(1)} %`;
  const total = scored + c.ignored + c.other;
  table.push(
    `| ${folder} | ${c.files} | ${total} | ${c.killed} | ${c.survived} | ${c.noCoverage} | ${c.ignored} | **${score}** |`,
  );
}
if (write) {
  const file = "BENCHMARKS.md";
  const text = readFileSync(file, "utf8");
  const start = "<!-- mutation-table:start -->";
  const end = "<!-- mutation-table:end -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    console.error(`${file}: no ${start} … ${end} block to write the table into`);
    process.exit(1);
  }
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${table.join("\n")}\n${text.slice(to)}`);
  console.log(`${file}: mutation table written (${folders.size} folders)`);
} else {
  console.log(table.join("\n"));
}
if (showSurvivors) console.log(`\n${survivors.join("\n")}`);
