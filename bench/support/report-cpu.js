// Preloaded (`node --import`) into every process bench/cli.js compares: at
// exit, writes the process's CPU time (every thread, workers included) to the
// file named by PLAN_SYNC_BENCH_CPU_FILE.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.PLAN_SYNC_BENCH_CPU_FILE, JSON.stringify({ cpuMs: (user + system) / 1000 }));
});
