import { CRITERIA_HEADING } from "./issue-render.js";
import { parseMarker, type Marker } from "./marker.js";

export interface ParsedIssueBody {
  marker: Marker | null;
  /** The acceptance-criteria task list, with the ticks people set on GitHub. */
  acceptanceCriteria: Array<{ text: string; checked: boolean }>;
}

/** Reads back what renderIssue wrote; a body saved from the web editor (CRLF) reads the same. */
export function parseIssueBody(body: string): ParsedIssueBody {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const acceptanceCriteria: ParsedIssueBody["acceptanceCriteria"] = [];
  const heading = lines.findIndex((line) => line.trim() === CRITERIA_HEADING);
  if (heading !== -1) {
    let i = heading + 1;
    while (i < lines.length && lines[i]?.trim() === "") i++;
    for (; i < lines.length; i++) {
      const item = /^[-*] \[([ xX])\] (.*)$/.exec(lines[i] ?? "");
      if (!item) break;
      acceptanceCriteria.push({ text: item[2] ?? "", checked: item[1] !== " " });
    }
  }
  return { marker: parseMarker(body), acceptanceCriteria };
}
