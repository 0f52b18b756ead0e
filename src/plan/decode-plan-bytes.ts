/**
 * Plan bytes → text, strictly. A plan must be UTF-8: Latin-1, UTF-16 or binary
 * bytes decoded leniently turn into `Caf� cr�me` issue titles without a word.
 *
 * Valid UTF-8 (the common case) is decoded by TextDecoder with `fatal: true`,
 * its BOM kept (plan offsets count it, and write-back must give it back).
 * Anything else is decoded with "surrogate escapes" (PEP 383): each byte that
 * is not part of a valid sequence becomes the lone surrogate U+DC80–U+DCFF.
 * Valid UTF-8 can never produce a lone surrogate, so the text itself carries
 * the fact that the file is not UTF-8 — and which byte is the first bad one —
 * to the parser, however far it travels (gateway → push sync → parse), and
 * `scanPlanText` reports it at its line and column.
 */
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodePlanBytes(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeWithEscapes(bytes);
  }
}

/** The byte a surrogate escape stands for, or null for any other code unit. */
export function escapedByte(codeUnit: number): number | null {
  return codeUnit >= 0xdc80 && codeUnit <= 0xdcff ? codeUnit - 0xdc00 : null;
}

function decodeWithEscapes(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = "";
  const flush = (): void => {
    out += String.fromCharCode(...units);
    units.length = 0;
  };
  let i = 0;
  while (i < bytes.length) {
    if (units.length > 8192) flush();
    const b = bytes[i] as number;
    if (b < 0x80) {
      units.push(b);
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      units.push(0xdc00 + b);
      i++;
      continue;
    }
    let cp = b & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
    for (let k = 1; k < length; k++) cp = (cp << 6) | ((bytes[i + k] as number) & 0x3f);
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    i += length;
  }
  flush();
  return out;
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const at = (k: number): number => bytes[i + k] ?? -1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => at(k) >= lo && at(k) <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
