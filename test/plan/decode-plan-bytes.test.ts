import { describe, expect, it } from "vitest";
import { decodePlanBytes, escapedByte } from "../../src/plan/decode-plan-bytes.js";

/**
 * Plan bytes → text: UTF-8 decoded as is (its BOM kept: offsets count it and
 * write-back gives it back); any byte that is not part of a well-formed UTF-8
 * sequence (Unicode table 3-7) becomes the lone surrogate U+DC80–U+DCFF, so the
 * pre-scan can name it at its line and column. The well-formed sequences around
 * it still read as their characters.
 */
const decode = (...bytes: number[]) => decodePlanBytes(Uint8Array.from(bytes));
const units = (text: string) => [...text].map((c) => c.codePointAt(0)?.toString(16).toUpperCase());
// A byte that is never UTF-8, to send the decoder down its escaping path.
const BAD = 0xff;

describe("decodePlanBytes", () => {
  it("valid UTF-8 reads as its text, a leading BOM kept", () => {
    const text = "\uFEFFCafé crème – 😀 done\r\n";
    expect(decodePlanBytes(new TextEncoder().encode(text))).toBe(text);
    expect(decodePlanBytes(new Uint8Array())).toBe("");
  });

  it("Latin-1 bytes become surrogate escapes, one per byte, the ASCII around them kept", () => {
    expect(decodePlanBytes(Uint8Array.from(Buffer.from("Caf\xE9 cr\xE8me", "latin1")))).toBe("Caf\uDCE9 cr\uDCE8me");
  });

  it("well-formed sequences of two, three and four bytes next to a bad byte still read as their characters", () => {
    expect(decode(BAD, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0x41)).toBe("\uDCFFé€😀A");
  });

  it("the edges of each well-formed range decode (Unicode table 3-7)", () => {
    const cases: Array<[number[], number]> = [
      [[0x7f], 0x7f],
      [[0xc2, 0x80], 0x80],
      [[0xdf, 0xbf], 0x7ff],
      [[0xe0, 0xa0, 0x80], 0x800],
      [[0xe0, 0xbf, 0xbf], 0xfff],
      [[0xe1, 0x80, 0x80], 0x1000],
      [[0xec, 0xbf, 0xbf], 0xcfff],
      [[0xed, 0x80, 0x80], 0xd000],
      [[0xed, 0x9f, 0xbf], 0xd7ff],
      [[0xee, 0x80, 0x80], 0xe000],
      [[0xef, 0xbf, 0xbf], 0xffff],
      [[0xf0, 0x90, 0x80, 0x80], 0x10000],
      [[0xf0, 0xbf, 0xbf, 0xbf], 0x3ffff],
      [[0xf1, 0x80, 0x80, 0x80], 0x40000],
      [[0xf3, 0xbf, 0xbf, 0xbf], 0xfffff],
      [[0xf4, 0x80, 0x80, 0x80], 0x100000],
      [[0xf4, 0x8f, 0xbf, 0xbf], 0x10ffff],
    ];
    for (const [bytes, cp] of cases) {
      expect(units(decode(BAD, ...bytes)), bytes.map((b) => b.toString(16)).join(" ")).toEqual([
        "DCFF",
        cp.toString(16).toUpperCase(),
      ]);
    }
  });

  it("overlong forms, surrogates, values past U+10FFFF and stray or missing continuation bytes are escaped byte by byte", () => {
    const escaped = (bytes: number[]) => String.fromCharCode(...bytes.map((b) => 0xdc00 + b));
    const cases: number[][] = [
      [0x80],
      [0xbf],
      [0xc0, 0xaf],
      [0xc1, 0xbf],
      [0xe0, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xf8],
      [0xfe],
    ];
    for (const bytes of cases)
      expect(decode(...bytes), bytes.map((b) => b.toString(16)).join(" ")).toBe(escaped(bytes));
    // A lead byte whose continuation is not one (too low, too high, missing) is escaped alone; what follows reads on.
    expect(decode(0xc3, 0x41)).toBe("\uDCC3A");
    expect(decode(0xc3, 0xc3, 0xa9)).toBe("\uDCC3é");
    expect(decode(0xe2, 0x82, 0x41)).toBe("\uDCE2\uDC82A");
    expect(decode(0xe2, 0xc0, 0x80)).toBe("\uDCE2\uDCC0\uDC80");
    expect(decode(0xf0, 0x9f, 0x98, 0x41)).toBe("\uDCF0\uDC9F\uDC98A");
    expect(decode(0xf1, 0x80, 0x80, 0xc0)).toBe("\uDCF1\uDC80\uDC80\uDCC0");
    expect(decode(0xf1, 0x41, 0x80, 0x80)).toBe("\uDCF1A\uDC80\uDC80");
    expect(decode(0xf3, 0x80, 0x41, 0x80)).toBe("\uDCF3\uDC80A\uDC80");
    // Continuation bytes and C0/C1 lead nothing, even when three continuation bytes follow.
    expect(decode(0x80, 0x80, 0x80, 0x80)).toBe("\uDC80\uDC80\uDC80\uDC80");
    expect(decode(0xc1, 0x80, 0x80, 0x80)).toBe("\uDCC1\uDC80\uDC80\uDC80");
    expect(decode(0x41, 0xe2, 0x82)).toBe("A\uDCE2\uDC82");
    expect(decode(0xf0, 0x9f)).toBe("\uDCF0\uDC9F");
  });

  it("a long file that is not UTF-8 decodes whole, in order", () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i % 3 === 0 ? 0xe9 : 0x61));
    const text = decodePlanBytes(bytes);
    expect(text.length).toBe(300_000);
    expect(text.slice(0, 6)).toBe("\uDCE9aa\uDCE9aa");
    expect(text.slice(-3)).toBe("\uDCE9aa");
    expect(text.split("\uDCE9").length - 1).toBe(100_000);
  });
});

describe("escapedByte", () => {
  it("names the byte a surrogate escape stands for, and only for U+DC80–U+DCFF", () => {
    expect(escapedByte(0xdc80)).toBe(0x80);
    expect(escapedByte(0xdcff)).toBe(0xff);
    expect(escapedByte(0xdc7f)).toBeNull();
    expect(escapedByte(0xdd00)).toBeNull();
    expect(escapedByte(0x41)).toBeNull();
  });
});
