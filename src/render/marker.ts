import { z } from "zod";

/**
 * The hidden marker that ties an issue to one task of one plan. It is the only
 * identity plan-sync trusts (titles and labels are for people and get edited),
 * so it is versioned: a future format can be told apart instead of misread.
 */
export interface Marker {
  path: string;
  task: string;
  /** Hash of what the plan says about the task; see issue-hash.ts. */
  hash: string;
  /**
   * `owner/name` of the plan's repository, written only when the issue lives
   * in another repository (an area routed there): without it a routed issue
   * could not be told from the target repository's own plans' issues.
   */
  repo?: string;
  /**
   * The task's state (ticked / issue closed as completed) when plan and issue
   * last agreed after a sync: the base of the three-way decision (see
   * src/sync/three-way.ts). Absent in markers written before it existed.
   */
  done?: boolean;
  /**
   * The task IDs the issue was last linked as "blocked by" (a `Depends on`
   * column), so a push compares the plan with this instead of reading each
   * issue's dependencies from GitHub. Absent: none.
   */
  deps?: string[];
}

const MarkerSchema = z.object({
  path: z.string().min(1),
  task: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{8,64}$/),
  repo: z
    .string()
    .regex(/^[^/\s]+\/[^/\s]+$/)
    .optional(),
  // Anything but a boolean reads as unknown: a hand-edited state must not cost the issue its identity.
  done: z.unknown().optional(),
  deps: z.unknown().optional(),
});

// One line, the exact `plan-sync:v1` tag; [^\r\n] so a body saved from the web
// editor with CRLF line ends still matches while a marker split over lines does not.
const MARKER_PATTERN = /<!-- plan-sync:v1 (\{[^\r\n]*?\}) -->/g;

export function renderMarker(marker: Marker): string {
  const json = JSON.stringify({
    path: marker.path,
    task: marker.task,
    hash: marker.hash,
    // Absent for an issue in the plan's own repository: those markers stay byte-identical to older ones.
    ...(marker.repo ? { repo: marker.repo } : {}),
    // Only when known, so markers the three-way decision never touched stay as they were.
    ...doneField(marker.done),
    // Only when there are some, so markers of tasks without dependencies stay as they were.
    ...depsField(marker.deps),
  })
    // A path containing `-->` must not end the comment early; JSON reads the escapes back.
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e");
  return `<!-- plan-sync:v1 ${json} -->`;
}

/** The last well-formed v1 marker in the body, or null. */
export function parseMarker(body: string): Marker | null {
  const matches = [...body.matchAll(MARKER_PATTERN)];
  for (let i = matches.length - 1; i >= 0; i--) {
    const marker = readMarkerJson(matches[i]?.[1] ?? "");
    if (marker) return marker;
  }
  return null;
}

/**
 * The body with the marker parseMarker would read swapped for `marker`, all
 * else byte-identical: re-pointing an issue at a renamed plan must not undo
 * what people wrote in it.
 */
export function replaceMarker(body: string, marker: Marker): string {
  const matches = [...body.matchAll(MARKER_PATTERN)];
  for (let i = matches.length - 1; i >= 0; i--) {
    const m = matches[i];
    if (!m || !readMarkerJson(m[1] ?? "")) continue;
    return body.slice(0, m.index) + renderMarker(marker) + body.slice(m.index + m[0].length);
  }
  return `${body.replace(/\s+$/, "")}\n\n${renderMarker(marker)}\n`;
}

function readMarkerJson(json: string): Marker | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = MarkerSchema.safeParse(value);
  if (!parsed.success) return null;
  const { path, task, hash, repo, done, deps } = parsed.data;
  return {
    path,
    task,
    hash,
    ...(repo ? { repo } : {}),
    ...doneField(typeof done === "boolean" ? done : undefined),
    // Anything but a list of strings reads as none: the next push links what the plan says again (GitHub answers "exists").
    ...depsField(Array.isArray(deps) && deps.every((d) => typeof d === "string") ? (deps as string[]) : undefined),
  };
}

function depsField(deps: readonly string[] | undefined): { deps?: string[] } {
  return deps && deps.length > 0 ? { deps: [...deps] } : {};
}

/**
 * The body with its marker's recorded dependencies set (none: the field goes),
 * all else byte-identical; unchanged when the body has no marker.
 */
export function withDeps(body: string, deps: readonly string[] | undefined): string {
  const marker = parseMarker(body);
  if (!marker) return body;
  const next: Marker = { ...marker, deps: deps ? [...deps] : [] };
  return renderMarker(next) === renderMarker(marker) ? body : replaceMarker(body, next);
}

function doneField(done: boolean | undefined): { done?: boolean } {
  return done === undefined ? {} : { done };
}

/**
 * The body with its marker's recorded state (`done`) set, all else
 * byte-identical; unchanged when `done` is undefined or the body has no marker.
 */
export function withDone(body: string, done: boolean | undefined): string {
  if (done === undefined) return body;
  const marker = parseMarker(body);
  return marker ? replaceMarker(body, { ...marker, done }) : body;
}
