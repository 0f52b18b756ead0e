import { relative, sep } from "node:path";
import type { CliContext } from "./cli-context.js";

/** Relative to the current folder, `/`-separated: what the user can paste back into a command. */
export function displayPath(ctx: Pick<CliContext, "cwd">, absolute: string): string {
  const rel = relative(ctx.cwd, absolute);
  return (rel === "" ? "." : rel).split(sep).join("/");
}
