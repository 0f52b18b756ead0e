/**
 * A table cell is inline text; on a line of its own the same text could open
 * a heading, quote, list, rule or code fence. A backslash keeps it text.
 */
export function keepInline(text: string): string {
  if (/^\d{1,9}[.)](\s|$)/.test(text)) return text.replace(/^(\d{1,9})/, "$1\\");
  const block = /^(#{1,6}(\s|$)|>|[-*+](\s|$)|`{3,}|~{3,})/.test(text) || /^([-*_])(\s*\1){2,}\s*$/.test(text);
  return block ? `\\${text}` : text;
}
