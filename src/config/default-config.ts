/**
 * The resolved settings of `.github/plan-sync.yml` and their defaults, free of
 * the schema (config-schema.ts, zod) that validates the file: a command run
 * without a config file needs only these.
 */

/** GitHub's default grey: labels for areas nobody configured stay unobtrusive. */
export const NEUTRAL_COLOR = "ededed";
export const EFFORT_LABEL_COLOR = "d4c5f9";

export interface AreaLabel {
  label: string;
  color: string;
  /** `owner/name` the area's issues go to; absent: the plan's repository. */
  repo?: string;
}

export interface PlanSyncConfig {
  paths: string[];
  ignore: string[];
  labels: { plan: { name: string; color: string } };
  /** Keyed by upper-case ID prefix; the built-in DATA/GAIN/EDH merged with the user's entries. */
  areas: Record<string, AreaLabel>;
  effortLabels: Record<string, string>;
  /** `owner/name` or `owner/*`: plan repositories this repository takes task issues from. */
  accept: string[];
  /** A tracking issue per plan (default); false: none. */
  tracking: boolean;
  links: boolean;
  writeBack: boolean;
  massClose: { maxFraction: number; minCount: number };
  /** What write-back writes into a Status column that speaks in words; unset: the table's own words. */
  statusWords: { done?: string; open?: string };
  titleLength: number;
}

export const DEFAULT_AREAS: Readonly<Record<string, AreaLabel>> = Object.freeze({
  DATA: { label: "DATA", color: "1d76db" },
  GAIN: { label: "GAIN", color: "0e8a16" },
  EDH: { label: "EDH", color: "5319e7" },
});

/** User entries are merged over the built-in areas, so adding OPS keeps DATA/GAIN/EDH. */
export function resolveAreas(
  input: Record<string, { label?: string; color?: string; repo?: string }>,
): Record<string, AreaLabel> {
  const areas: Record<string, AreaLabel> = {};
  for (const [prefix, area] of Object.entries(DEFAULT_AREAS)) areas[prefix] = { ...area };
  for (const [rawPrefix, entry] of Object.entries(input)) {
    const prefix = rawPrefix.toUpperCase();
    const base = areas[prefix] ?? { label: prefix, color: NEUTRAL_COLOR };
    areas[prefix] = {
      label: entry.label ?? base.label,
      color: entry.color ?? base.color,
      ...(entry.repo ? { repo: entry.repo } : {}),
    };
  }
  return areas;
}

/** Frozen all the way down: a caller that mutated it would change every later repository's defaults. */
export const DEFAULT_CONFIG: Readonly<PlanSyncConfig> = deepFreeze({
  paths: ["**/*.md"],
  ignore: [],
  labels: { plan: { name: "plan-sync", color: "bfdadc" } },
  areas: resolveAreas({}),
  effortLabels: {},
  accept: [],
  tracking: true,
  links: true,
  writeBack: true,
  massClose: { maxFraction: 0.5, minCount: 5 },
  statusWords: {},
  titleLength: 80,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
