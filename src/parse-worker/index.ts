// The public API of src/parse-worker/: parsing plans off the main thread, within the plan size and time budget.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { applyToTextBudgeted, closePlanParser, parsePlanBudgeted, usePlanParseLimits } from "./plan-parser.js";
