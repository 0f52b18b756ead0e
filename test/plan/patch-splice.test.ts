import { describe, expect, it } from "vitest";
import { spliceEdits } from "../../src/plan/patch-splice.js";

describe("spliceEdits", () => {
  const text = "| DATA1 | [ ] | x |";

  it("applies edits given in any order at offsets of the original text", () => {
    const edits = [
      { start: 16, end: 17, text: "y" },
      { start: 2, end: 7, text: "DATA9" },
      { start: 11, end: 11, text: "x" },
    ];
    expect(spliceEdits(text, edits)).toBe("| DATA9 | [x ] | y |");
  });

  it("accepts edits that touch end to start and inserts at the same offset in order", () => {
    expect(
      spliceEdits("abcd", [
        { start: 2, end: 4, text: "CD" },
        { start: 0, end: 2, text: "AB" },
      ]),
    ).toBe("ABCD");
    expect(
      spliceEdits("ab", [
        { start: 1, end: 1, text: "1" },
        { start: 1, end: 2, text: "B" },
      ]),
    ).toBe("a1B");
  });

  it("an insert and a replacement at the same offset: the insert goes first, whatever order they come in", () => {
    expect(
      spliceEdits("ab", [
        { start: 1, end: 2, text: "B" },
        { start: 1, end: 1, text: "1" },
      ]),
    ).toBe("a1B");
  });

  it("throws instead of garbling the text when two edits overlap", () => {
    // Both edits claim the bytes 4–5: applying both would duplicate or drop text.
    const overlapping = [
      { start: 2, end: 7, text: "DATA9" },
      { start: 4, end: 9, text: "TA1 |" },
    ];
    expect(() => spliceEdits(text, overlapping)).toThrow(RangeError);
    expect(() => spliceEdits(text, overlapping)).toThrow("overlapping or out-of-range edit [4, 9)");
  });

  it("throws on an edit that ends before it starts or runs past the end", () => {
    expect(() => spliceEdits("abc", [{ start: 2, end: 1, text: "" }])).toThrow(RangeError);
    expect(() => spliceEdits("abc", [{ start: 2, end: 4, text: "" }])).toThrow("in a text of length 3");
    expect(spliceEdits("abc", [{ start: 3, end: 3, text: "d" }])).toBe("abcd");
  });

  it("returns the text itself when there is nothing to do", () => {
    expect(spliceEdits(text, [])).toBe(text);
  });
});
