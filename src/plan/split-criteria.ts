import { unescapePipes } from "./cell-text.js";

type Range = [number, number];

/** Ranges of inline code spans, so markers and `<br>` inside code stay literal. */
function codeSpans(s: string): Range[] {
  const spans: Range[] = [];
  const runs = [...s.matchAll(/`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i];
    if (!open) continue;
    const close = runs.slice(i + 1).findIndex((r) => r[0].length === open[0].length);
    if (close === -1) continue;
    const closer = runs[i + 1 + close];
    if (!closer) continue;
    spans.push([open.index, closer.index + closer[0].length]);
    i += 1 + close;
  }
  return spans;
}

/** Matches of `pattern` inside `range` that do not start inside inline code. */
function* matchesOutsideCode(s: string, range: Range, pattern: RegExp, code: Range[]): Generator<Range> {
  const re = new RegExp(pattern.source, pattern.flags.replace("g", "") + "g");
  re.lastIndex = range[0];
  for (let m = re.exec(s); m && m.index + m[0].length <= range[1]; m = re.exec(s)) {
    const at = m.index;
    if (m[0].length === 0) re.lastIndex++;
    if (code.some(([x, y]) => at >= x && at < y)) continue;
    yield [at, at + m[0].length];
  }
}

function splitAt(s: string, range: Range, pattern: RegExp, code: Range[]): Range[] {
  const out: Range[] = [];
  let from = range[0];
  for (const [at, after] of matchesOutsideCode(s, range, pattern, code)) {
    out.push([from, at]);
    from = after;
  }
  out.push([from, range[1]]);
  return out;
}

function trimRange(s: string, [a, b]: Range): Range {
  while (a < b && /\s/.test(s.charAt(a))) a++;
  while (b > a && /\s/.test(s.charAt(b - 1))) b--;
  return [a, b];
}

/** Splits one `<br>`-separated piece on the list markers it starts with. */
function splitPiece(s: string, piece: Range, code: Range[]): Range[] {
  const [a, b] = trimRange(s, piece);
  const head = s.slice(a, b);
  const bullet = /^([-*•])[ \t]+/.exec(head);
  if (bullet) {
    const next = bullet[1] === "-" ? /\s-[ \t]+/ : bullet[1] === "*" ? /\s\*[ \t]+/ : /•[ \t]*/;
    return splitAt(s, [a + bullet[0].length, b], next, code);
  }
  const numbered = /^(\d{1,3})[.)][ \t]+/.exec(head);
  if (numbered) {
    // Only the next number in sequence starts a new item, so "1. p95 under 2. 5 s" is not split at any digit.
    const out: Range[] = [];
    let rest: Range = [a + numbered[0].length, b];
    for (let n = Number(numbered[1]) + 1; ; n++) {
      const next = matchesOutsideCode(s, rest, new RegExp(`\\s${n}[.)][ \\t]+`), code).next();
      if (next.done) {
        out.push(rest);
        return out;
      }
      out.push([rest[0], next.value[0]]);
      rest = [next.value[1], b];
    }
  }
  // A bullet character is never anything but a bullet, wherever it appears.
  return splitAt(s, [a, b], /•[ \t]*/, code);
}

/**
 * Acceptance criteria as a list: the cell is split on `<br>` (any spelling)
 * and on the bullet (`-`, `*`, `•`) or numbered (`1.`, `2)`) markers authors
 * use inside a cell. Inline Markdown is kept as written.
 */
export function splitCriteria(cell: string): string[] {
  // Most cells are one plain criterion: nothing to split, and no regex to build for them.
  if (!/<br|[-*•`]|\d[.)]/i.test(cell)) {
    const one = cell.trim();
    return one === "" ? [] : [unescapePipes(one)];
  }
  const code = codeSpans(cell);
  const pieces = splitAt(cell, [0, cell.length], /<br\s*\/?>/i, code);
  const out: string[] = [];
  for (const piece of pieces) {
    for (const r of splitPiece(cell, piece, code)) {
      const [a, b] = trimRange(cell, r);
      if (b > a) out.push(unescapePipes(cell.slice(a, b)));
    }
  }
  return out;
}
