import { readFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";

/** Numbers mean little without the machine they came from. */
export function machineMarkdown() {
  return [
    "| Machine | |",
    "|---|---|",
    `| Node | ${process.version} |`,
    `| CPU | ${cpuModel()} |`,
    `| Cores | ${availableParallelism()} |`,
    `| Memory | ${(totalmem() / 2 ** 30).toFixed(1)} GiB |`,
    `| Run | ${new Date().toISOString().slice(0, 10)} |`,
  ].join("\n");
}

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown";
}
