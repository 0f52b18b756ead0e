/** GFM lets a cell hold `|` only as `\|` (even inside code); readers want the pipe itself. */
export function unescapePipes(s: string): string {
  return s.replace(/\\\|/g, "|");
}
