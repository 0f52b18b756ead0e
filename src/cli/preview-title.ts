import type { Nodes } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { Task } from "../plan/types.js";

const MAX_DESCRIPTION_CHARS = 80;
const markdown = unified().use(remarkParse).use(remarkGfm);

/**
 * The issue title the plan would produce: `DATA1: <description as plain text>`,
 * at most 80 characters of description, cut on a word boundary with "…".
 * Interim rule for the CLI preview until it switches to the issue renderer in src/render/.
 */
export function previewTitle(task: Pick<Task, "id" | "description">): string {
  const plain = truncateOnWord(plainText(task.description), MAX_DESCRIPTION_CHARS);
  return plain === "" ? task.id : `${task.id}: ${plain}`;
}

/** Markdown to what a reader sees: link text, code content, emphasis content; whitespace collapsed. */
export function plainText(source: string): string {
  return collect(markdown.parse(source)).replace(/\s+/g, " ").trim();
}

function collect(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "break":
    case "html": // `<br>` is how table cells break lines; other inline HTML is not text either
      return " ";
    case "image":
      return node.alt ?? "";
    default:
      return "children" in node ? node.children.map((child) => collect(child as Nodes)).join(blockSeparator(node)) : "";
  }
}

/** Block children (paragraphs, list items) would otherwise run together without a space. */
function blockSeparator(node: Nodes): string {
  return node.type === "root" || node.type === "list" || node.type === "listItem" || node.type === "blockquote" ? " " : "";
}

/** Counts code points, so an emoji is never cut in half. */
export function truncateOnWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const room = chars.slice(0, max - 1).join("");
  const endsOnWord = chars[max - 1] === " ";
  const lastSpace = room.lastIndexOf(" ");
  const cut = endsOnWord || lastSpace <= 0 ? room : room.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}
