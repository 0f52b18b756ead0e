/** The JSON objects among the lines a server printed (LOG_FORMAT=json); other lines (npm, Node warnings) are skipped. */
export function jsonLogLines(output: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) lines.push(value as Record<string, unknown>);
    } catch {
      // A line cut by a chunk boundary: the next read completes it.
    }
  }
  return lines;
}
