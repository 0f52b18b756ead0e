export { consoleLog, silentLog, warningsOnly, type Log, type LogFn } from "./log.js";
