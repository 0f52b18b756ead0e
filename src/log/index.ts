// The public API of src/log/: the one Log type (pino's shape) and the logs plan-sync gives itself.
// test/lint/public-index.test.ts pins the names.
export { consoleLog, silentLog, warningsOnly, type Log, type LogFn } from "./log.js";
