/**
 * The real server works off the webhook request (GitHub gets its 200 first),
 * so an end-to-end test can only watch the fake GitHub until the outcome
 * shows. Polls `probe` until it returns something other than undefined/false.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false,
  opts: { timeoutMs?: number; intervalMs?: number; output?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const tail = opts.output ? `\n--- server output (last 4000 chars) ---\n${opts.output().slice(-4000)}` : "";
      throw new Error(`timed out waiting until ${what}${tail}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** Lets anything the server might still do happen, before asserting it did nothing. */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
