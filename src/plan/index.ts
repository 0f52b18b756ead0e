// The public API of src/plan/: Markdown plan → Plan (tasks with source offsets, diagnostics), and patching plan text by offsets.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { decodePlanBytes } from "./decode-plan-bytes.js";
export { looksLikePlan } from "./is-plan.js";
export { type ParseOptions, parsePlan } from "./parse-plan.js";
export { PatchError, type PatchOptions, patchPlan, type TaskPatch } from "./patch-plan.js";
export { type Hotspot, scanPlanText } from "./scan-plan-text.js";
export { readStatusWord } from "./status-word.js";
export { type Diagnostic, hasErrors, type Plan, type Task } from "./types.js";
