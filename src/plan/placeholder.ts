/**
 * Template text such as `[Task description]` or `[Feature Name]`: a value that
 * is only bracketed text. A bare checkbox (`[ ]`, `[x]`) is not a placeholder.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return /^\[[^[\]]*\]$/.test(v) && !/^\[[ xX]?\]$/.test(v);
}
