import { isPlaceholder } from "./placeholder.js";

/**
 * `**Feature Name:** X` / `**Date:** X` lines of the Document Control block.
 * The template's own `[Feature Name]` is not a name, so it reads as null.
 */
export function readField(paragraph: string, label: string): string | null | undefined {
  const re = new RegExp(`^[ \\t]*(?:\\*\\*|__)[ \\t]*${label}[ \\t]*:?[ \\t]*(?:\\*\\*|__)[ \\t]*:?(.*)$`, "im");
  const m = re.exec(paragraph);
  if (!m) return undefined;
  return cleanValue(m[1] ?? "");
}

export function cleanValue(raw: string): string | null {
  const value = raw.replace(/\\$/, "").trim();
  return value === "" || isPlaceholder(value) ? null : value;
}

/** The title without the template's " - Implementation Plan" suffix. */
export function featureFromTitle(title: string): string | null {
  return cleanValue(title.replace(/\s+[-–—]\s+Implementation Plan\s*$/i, ""));
}
