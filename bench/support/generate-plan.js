import { readFile } from "node:fs/promises";
import ts from "typescript";

/**
 * The tests' plan generator (test/support/generate-plan.ts), transpiled on the
 * fly: benchmarks and tests then measure the very same plans, with no JS copy
 * to drift. The module has no imports, so a plain transpile is enough.
 */
const source = await readFile(new URL("../../test/support/generate-plan.ts", import.meta.url), "utf8");
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const mod = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString("base64")}`);

/** @type {(rows: number, opts?: Record<string, unknown>) => string} */
export const generatePlan = mod.generatePlan;
