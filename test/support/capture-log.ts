import { Writable } from "node:stream";
import { pino } from "pino";

/** A pino logger whose JSON lines the test can read back, as an operator reads the App's log. */
export function capturingLogger(level = "info") {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n"))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level }, stream), lines };
}
