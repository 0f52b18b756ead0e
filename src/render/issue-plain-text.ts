import type { Nodes } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { keepInline } from "./issue-inline.js";

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Inline Markdown as a reader sees it: links become their text, code its
 * content, emphasis disappears, `<br>` becomes a space and other HTML is
 * dropped. Whitespace is collapsed. Issue titles are plain text on GitHub, so
 * `**bold**` there would show its asterisks.
 */
export function plainText(markdown: string): string {
  let text = cache.get(markdown);
  if (text === undefined) {
    text = collect(processor.parse(keepInline(markdown.trim())))
      .replace(/\s+/g, " ")
      .trim();
    // Every sync renders every task's title; a big plan would otherwise re-parse them all on each push.
    if (cache.size >= 5000) cache.clear();
    cache.set(markdown, text);
  }
  return text;
}

const cache = new Map<string, string>();

function collect(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "html":
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? " " : "";
    case "break":
      return " ";
    case "image":
      return node.alt ?? "";
    default:
      return "children" in node ? node.children.map((child) => collect(child as Nodes)).join(" ") : "";
  }
}
