export type Align = "left" | "right";

/** A plain-text table with columns padded to their widest cell (code points, so accents do not skew it). */
export function renderTable(header: string[], rows: string[][], align: Align[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => width(row[col] ?? ""))));
  const line = (row: string[]) =>
    row
      .map((cell, col) => {
        const pad = " ".repeat((widths[col] ?? 0) - width(cell));
        return align[col] === "right" ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  return `${all.map(line).join("\n")}\n`;
}

function width(s: string): number {
  return Array.from(s).length;
}
