/**
 * How much one plan parse may cost. The defaults fit an honest plan at the
 * 500 kB size cap (remark reads it in 1–2.5 s on a busy 2-core machine) with
 * room to spare, and end a hostile one long before GitHub's 10 s webhook
 * timeout could matter. docs/limits.md documents the variables.
 */
export interface ParseLimits {
  /** Wall time one parse may run in its worker; a patch (parse + verification) gets twice this. */
  timeoutMs: number;
  /** The worker's V8 old-generation heap, in MB (Worker `resourceLimits`). */
  memoryMb: number;
  /** Plans parsed at once, each on its own worker thread. */
  threads: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { timeoutMs: 10_000, memoryMb: 512, threads: 2 };

const VARIABLES: Record<keyof ParseLimits, { name: string; min: number }> = {
  timeoutMs: { name: "PLAN_SYNC_PARSE_TIMEOUT_MS", min: 100 },
  memoryMb: { name: "PLAN_SYNC_PARSE_MEMORY_MB", min: 32 },
  threads: { name: "PLAN_SYNC_PARSE_THREADS", min: 1 },
};

/** The limits from the environment; a value that is not a whole number at or above its minimum is an error naming the variable. */
export function parseLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ParseLimits {
  const limits = { ...DEFAULT_PARSE_LIMITS };
  for (const key of Object.keys(VARIABLES) as Array<keyof ParseLimits>) {
    const { name, min } = VARIABLES[key];
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${name} must be a whole number of at least ${min}; got ${JSON.stringify(raw)}`);
    limits[key] = value;
  }
  return limits;
}
