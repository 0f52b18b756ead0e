import { readFileSync } from "node:fs";
import { main } from "../cli/main.js";
import { ActionInputError, actionArguments } from "./action-arguments.js";

/**
 * The Action's entry point, bundled into dist/index.js (npm run build:action)
 * so a workflow runs it without installing anything.
 */
function readEvent(path: string | undefined): { before?: unknown } {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { before?: unknown };
  } catch {
    return {};
  }
}

try {
  const run = actionArguments(process.env, readEvent(process.env.GITHUB_EVENT_PATH));
  Object.assign(process.env, run.env);
  process.exitCode = await main(run.argv);
} catch (error) {
  // A workflow command: the message shows as an error annotation on the run.
  const message = error instanceof Error ? error.message : String(error);
  console.log(`::error title=plan-sync::${message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}`);
  process.exitCode = error instanceof ActionInputError ? 2 : 1;
}
