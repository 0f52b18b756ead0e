import type { z } from "zod";
import { PlanSyncConfigInputSchema, resolveAreas, type PlanSyncConfig } from "./config-schema.js";

export type ParseConfigResult = { ok: true; config: PlanSyncConfig } | { ok: false; errors: string[] };

const KNOWN_KEYS: Record<string, string[]> = {
  "": [
    "paths",
    "ignore",
    "labels",
    "areas",
    "effortLabels",
    "accept",
    "tracking",
    "links",
    "writeBack",
    "massClose",
    "statusWords",
    "titleLength",
  ],
  labels: ["plan"],
  "labels.plan": ["name", "color"],
  massClose: ["maxFraction", "minCount"],
  statusWords: ["done", "open"],
};

/**
 * Validates the object Probot's `context.config` hands over (the parsed YAML,
 * or null when the repository has no `.github/plan-sync.yml`). Each error
 * names the key path, so the user can find the line to fix.
 */
export function parseConfig(raw: unknown): ParseConfigResult {
  const parsed = PlanSyncConfigInputSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap(describeIssue) };
  const { areas, ...rest } = parsed.data;
  return { ok: true, config: { ...rest, areas: resolveAreas(areas) } };
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = KNOWN_KEYS[at] ?? (/^areas\.[^.]+$/.test(at) ? ["label", "color", "repo"] : []);
    return issue.keys.map((key) => {
      const where = at === "" ? key : `${at}.${key}`;
      const hint = suggest(key, known);
      const expected = known.length > 0 ? ` (known keys: ${known.join(", ")})` : "";
      return `${where}: unknown key${hint ? `, did you mean \`${hint}\`?` : expected}`;
    });
  }
  // A bad map key (areas.da-ta) carries the key schema's own message inside.
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return [`${at === "" ? "(top level)" : at}: ${message}`];
}

function formatPath(path: PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The closest known key within two edits, ignoring case: catches `writeback`, `maxFracton`. */
function suggest(key: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
