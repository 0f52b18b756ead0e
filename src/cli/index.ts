// The public API of src/cli/: the `plan-sync` command (bin/plan-sync.js runs main).
// What other folders use; test/lint/public-index.test.ts pins the names.
export { main } from "./main.js";
