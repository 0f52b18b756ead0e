import { LRUCache } from "lru-cache";
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
    cache.set(markdown, text);
  }
  return text;
}

/** Titles kept at most: every sync renders every task's title, and a big plan would otherwise re-parse them all on each push. */
export const PLAIN_TEXT_CACHE_SIZE = 5000;

const cache = new LRUCache<string, string>({ max: PLAIN_TEXT_CACHE_SIZE });

/** How many titles are remembered now (for the bound's test). */
export function plainTextCacheSize(): number {
  return cache.size;
}

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
