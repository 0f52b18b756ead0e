// `plan-sync check` as a whole process on a 2,000-task plan, against a bare
// remark-parse + remark-gfm process on the same file (hyperfine-style: whole
// processes, interleaved, median). Target: at most 1.2× — the command may add
// little beyond the Markdown parse it cannot avoid (issue 14, Performance).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { generatePlan } from "./support/generate-plan.js";
import { median } from "./support/stats.js";

export const name = "cli";

const ROWS = 2000;
const TARGET_RATIO = 1.2;
const WARMUP = 2;
const RUNS = 9;
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/plan-sync.js");
const bare = join(root, "bench/support/bare-remark.js");
const cpuHook = join(root, "bench/support/report-cpu.js");

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "plan-sync-bench-cli-"));
  try {
    // A git repository, as a user's checkout is: check looks for the config up to its root.
    execFileSync("git", ["init", "-q", dir]);
    const plan = join(dir, "plan.md");
    writeFileSync(plan, generatePlan(ROWS, { doneEvery: 3, linkIssues: true }));
    const withConfig = join(dir, "configured");
    mkdirSync(join(withConfig, ".github"), { recursive: true });
    writeFileSync(
      join(withConfig, ".github/plan-sync.yml"),
      "paths: ['**/*.md']\nareas:\n  OPS:\n    label: operations\n",
    );
    writeFileSync(join(withConfig, "plan.md"), readFileSync(plan));

    const subjects = {
      bare: { args: [bare, plan], cwd: dir, expect: 0 },
      check: { args: [bin, "check", "plan.md"], cwd: dir, expect: 0 },
      "check (config)": { args: [bin, "check", "plan.md"], cwd: withConfig, expect: 0 },
      "--version": { args: [bin, "--version"], cwd: dir, expect: 0 },
      "node -e 0": { args: ["-e", "0"], cwd: dir, expect: 0 },
    };
    const names = Object.keys(subjects);
    const wall = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    const cpuFile = join(dir, "cpu.json");
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const order = i % 2 ? [...names].reverse() : names;
      for (const n of order) {
        const { args, cwd, expect } = subjects[n];
        const t0 = performance.now();
        const result = spawnSync(process.execPath, ["--import", pathToFileURL(cpuHook).href, ...args], {
          cwd,
          encoding: "utf8",
          // The parse budget (10 s) is for hostile plans; on a loaded machine this honest 411 kB plan could hit it.
          env: {
            ...process.env,
            PLAN_SYNC_BENCH_CPU_FILE: cpuFile,
            PLAN_SYNC_PARSE_TIMEOUT_MS: "600000",
            NO_COLOR: "1",
          },
        });
        const ms = performance.now() - t0;
        if (result.status !== expect) throw new Error(`${n} exited ${result.status}: ${result.stderr}${result.stdout}`);
        if (i < WARMUP) continue;
        wall[n].push(ms);
        cpu[n].push(JSON.parse(readFileSync(cpuFile, "utf8")).cpuMs);
      }
    }

    const m = (t, n) => median(t[n]);
    const ratio = (t, n) => m(t, n) / m(t, "bare");
    const verdict = (r) => (r <= TARGET_RATIO ? "within target" : "OVER TARGET");
    const bytes = Buffer.byteLength(readFileSync(plan));
    const rows = names.map((n) => ({
      n,
      wall: m(wall, n),
      cpu: m(cpu, n),
      wallRatio: ratio(wall, n),
      cpuRatio: ratio(cpu, n),
    }));
    const summary = [
      `plan: ${ROWS} task rows, ${(bytes / 1000).toFixed(0)} kB; whole processes, median of ${RUNS} interleaved runs`,
      ...rows.map(
        (r) =>
          `${r.n.padEnd(15)} wall ${r.wall.toFixed(0).padStart(5)} ms (${r.wallRatio.toFixed(2)}×)  cpu ${r.cpu.toFixed(0).padStart(5)} ms (${r.cpuRatio.toFixed(2)}×)`,
      ),
      `check / bare: wall ${ratio(wall, "check").toFixed(2)}× (${verdict(ratio(wall, "check"))}), cpu ${ratio(cpu, "check").toFixed(2)}× (${verdict(ratio(cpu, "check"))}); target ≤ ${TARGET_RATIO}×`,
    ].join("\n");
    const markdown = [
      `\`plan-sync check plan.md\` as a whole process (\`node bin/plan-sync.js\`, lib/ built) on a generated ${ROWS}-task plan (${(bytes / 1000).toFixed(0)} kB, in a fresh git repository), against \`bench/support/bare-remark.js\`: a process that reads the file and parses it with remark-parse + remark-gfm, nothing else. Median of ${RUNS} interleaved runs after ${WARMUP} warm-up rounds; wall time as hyperfine measures it, and CPU time (user + system, all threads, workers included) which another load on the machine disturbs less. Target: check ≤ ${TARGET_RATIO}× bare.`,
      "",
      "| Process | Wall (median) | × bare | CPU (median) | × bare |",
      "|---|---:|---:|---:|---:|",
      ...rows.map(
        (r) =>
          `| ${label(r.n)} | ${r.wall.toFixed(0)} ms | ${r.wallRatio.toFixed(2)}× | ${r.cpu.toFixed(0)} ms | ${r.cpuRatio.toFixed(2)}× |`,
      ),
      "",
      `**check / bare: wall ${ratio(wall, "check").toFixed(2)}× (${verdict(ratio(wall, "check"))}), CPU ${ratio(cpu, "check").toFixed(2)}× (${verdict(ratio(cpu, "check"))}).** Each command's code is loaded only when it runs (\`src/cli/commands.ts\`): \`check\` loads no GitHub client, and the YAML parser only when a config exists.`,
    ].join("\n");
    return { summary, markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function label(n) {
  return {
    bare: "bare remark + GFM parse",
    check: "`plan-sync check plan.md` (no config)",
    "check (config)": "`plan-sync check plan.md` (with `.github/plan-sync.yml`)",
    "--version": "`plan-sync --version` (start-up only)",
    "node -e 0": "`node -e 0`",
  }[n];
}
