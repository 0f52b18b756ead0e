/**
 * Replaces the text between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`,
 * or appends the block under a `## NAME` heading when the file does not have it yet. Everything outside
 * the markers (hand-written notes) is kept as is.
 */
export function replaceBlock(document, name, markdown) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end, from);
  if (from === -1 || to === -1) return `${document.trimEnd()}\n\n## ${name}\n\n${block}\n`;
  return document.slice(0, from) + block + document.slice(to + end.length);
}
