import { describe, expect, it } from "vitest";
import { previewTitle } from "../../src/cli/preview-title.js";

const title = (description: string) => previewTitle({ id: "DATA1", description });

describe("previewTitle", () => {
  it("strips Markdown to what a reader sees", () => {
    expect(title("Load [the feed](https://x.test) into `bronze.events` with **exactly-once** _delivery_")).toBe(
      "DATA1: Load the feed into bronze.events with exactly-once delivery",
    );
  });

  it("collapses whitespace and cell line breaks", () => {
    expect(title("Build  the\ttable<br>and   index it")).toBe("DATA1: Build the table and index it");
  });

  it("cuts a long description at a word boundary with an ellipsis, 80 characters at most", () => {
    const long = "word ".repeat(30).trim();
    const out = title(long).slice("DATA1: ".length);
    expect(Array.from(out).length).toBeLessThanOrEqual(80);
    expect(out.endsWith("word…")).toBe(true);
  });

  it("keeps a description of exactly 80 characters whole", () => {
    const exact = "a".repeat(80);
    expect(title(exact)).toBe(`DATA1: ${exact}`);
    expect(title(`${exact}b`)).toBe(`DATA1: ${"a".repeat(79)}…`);
  });

  it("never splits an emoji", () => {
    const out = title(`${"😀".repeat(100)}`);
    expect(out).toBe(`DATA1: ${"😀".repeat(79)}…`);
  });

  it("falls back to the bare ID when there is no text", () => {
    expect(title("")).toBe("DATA1");
  });
});
