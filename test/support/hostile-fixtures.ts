import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixtureCases } from "./fixture-cases.js";

/**
 * `fixtures/hostile/<case>/plan.md`: bombs and non-text, stored byte for byte
 * (see .gitattributes), each with `expected.json`: the diagnostics a user
 * sees and the tasks that survive. Paths are as typed from the repository
 * root, as `plan-sync check fixtures/hostile/<case>/plan.md` shows them.
 */
export const HOSTILE_ROOT = fileURLToPath(new URL("../../fixtures/hostile/", import.meta.url));

/** Parse budget for the fixtures: room for the honest ones on a busy machine, far too short for the bombs. */
export const HOSTILE_TIMEOUT_MS = 8000;

/** Fails (see fixtureCases) when the folder has no case or a case has no plan.md, rather than testing nothing. */
export function hostileCases(): string[] {
  return fixtureCases(HOSTILE_ROOT, { required: ["plan.md"] }).map((c) => c.name);
}

export interface HostileExpectation {
  tasks: string[];
  diagnostics: Array<{ line: number; column: number; severity: string; code: string; message: string }>;
}

export function hostileExpectation(name: string): HostileExpectation {
  return JSON.parse(readFileSync(join(HOSTILE_ROOT, name, "expected.json"), "utf8")) as HostileExpectation;
}

export function hostilePath(name: string): string {
  return `fixtures/hostile/${name}/plan.md`;
}
