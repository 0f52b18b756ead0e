/** ANSI styles for terminal output; `off` returns the text untouched, so callers never branch. */
export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const on: Style = { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
const identity = (s: string) => s;
const off: Style = { red: identity, yellow: identity, green: identity, bold: identity, dim: identity };

export function style(enabled: boolean | undefined): Style {
  return enabled ? on : off;
}
