import { parseArgs } from "node:util";
import type { OptionSpec } from "./command.js";
import { didYouMean } from "./did-you-mean.js";
import { UsageError } from "./exit-codes.js";

type ArgsConfig = Record<string, { type: "boolean" | "string"; short?: string }>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/**
 * A command's options read strictly (node:util parseArgs): an unknown option,
 * a missing value or a value given to a flag is a UsageError (exit 2), and an
 * unknown option near a known one gets a "did you mean".
 */
export function parseCommandArgs(argv: string[], options: readonly OptionSpec[]): ParsedArgs {
  checkOptionNames(argv, options);
  const config: ArgsConfig = {};
  for (const o of options) config[o.name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  try {
    const { positionals, values } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { positionals, values: values as ParsedArgs["values"] };
  } catch (error) {
    // parseArgs's own words ("Option '--format <value>' argument missing") name the option already.
    throw new UsageError((error as Error).message.split(/\.\s+To specify/)[0] as string);
  }
}

function checkOptionNames(argv: readonly string[], options: readonly OptionSpec[]): void {
  const names = options.map((o) => o.name);
  for (const arg of argv) {
    if (arg === "--") return;
    if (arg.startsWith("--")) {
      const name = arg.slice(2).split("=")[0] as string;
      if (names.includes(name)) continue;
      const hint = didYouMean(name, names);
      throw new UsageError(`unknown option --${name}${hint ? `; did you mean --${hint}?` : ""}`);
    }
    if (/^-[^-\d]/.test(arg)) {
      for (const letter of arg.slice(1)) {
        if (options.some((o) => o.short === letter)) continue;
        const hint = didYouMean(letter, names);
        throw new UsageError(`unknown option -${letter}${hint ? `; did you mean --${hint}?` : ""}`);
      }
    }
  }
}

/** A string option's value, or undefined; a boolean's presence. Typed accessors keep commands free of casts. */
export function stringOption(values: ParsedArgs["values"], name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

export function booleanOption(values: ParsedArgs["values"], name: string): boolean {
  return values[name] === true;
}
