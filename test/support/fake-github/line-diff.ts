/**
 * Line counts for `additions`/`deletions` in compare and pull-files responses.
 * Myers' O((N+M)D) edit distance over lines; past `maxEdits` it gives up and
 * reports a full rewrite, which is what a reader of those fields can live with.
 */
export interface LineDiffStats {
  additions: number;
  deletions: number;
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function lineDiffStats(before: string, after: string, maxEdits = 4000): LineDiffStats {
  const a = splitLines(before);
  const b = splitLines(after);
  const d = editDistance(a, b, maxEdits);
  if (d === null) return { additions: b.length, deletions: a.length };
  const common = (a.length + b.length - d) / 2;
  return { additions: b.length - common, deletions: a.length - common };
}

/** Share of lines two texts have in common, 0..1, as git's rename detection scores it (roughly). */
export function similarity(before: string, after: string): number {
  const a = splitLines(before);
  const b = splitLines(after);
  const total = Math.max(a.length, b.length);
  if (total === 0) return 1;
  const d = editDistance(a, b, 4000);
  if (d === null) return 0;
  return (a.length + b.length - d) / 2 / total;
}

function editDistance(a: readonly string[], b: readonly string[], maxEdits: number): number | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return d;
    }
  }
  return null;
}
