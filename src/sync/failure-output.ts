import { CONFIG_PATH } from "../config/config-path.js";
import { ApplyActionsError } from "./apply-actions.js";
import { describeRetry } from "../queue/retry-policy.js";
import { CHECK_RUN_NAME, type CheckRunOutput } from "../render/check-run.js";
import { configAnnotations } from "./config-annotations.js";

/** An unexpected failure (GitHub kept answering 5xx, the network went away): what happened, what was done, what happens next. */
export function failureOutput(error: unknown, retry: { at: number; now: number } | null = null): CheckRunOutput {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`plan-sync could not finish syncing this push: ${message}`, ""];
  if (error instanceof ApplyActionsError) {
    lines.push(`${error.result.done} of ${error.result.total} changes were made before it stopped.`, "");
  }
  lines.push(
    "Nothing is duplicated by trying again: every sync compares the plan with the issues as they are. " +
      (retry
        ? `GitHub did not answer as it should, so plan-sync tries this sync again by itself ${describeRetry(retry.at, retry.now)}, and reports it in this check run.`
        : "The sync is retried when GitHub redelivers this push, and the next push that changes the plan picks up what is missing."),
  );
  return {
    name: CHECK_RUN_NAME,
    status: "completed",
    conclusion: "failure",
    title:
      (error instanceof ApplyActionsError
        ? `Sync stopped after ${error.result.done} of ${error.result.total} changes`
        : "Sync failed") + (retry ? `; retrying ${describeRetry(retry.at, retry.now)}` : ""),
    summary: lines.join("\n"),
    annotations: [],
  };
}

/**
 * An invalid `.github/plan-sync.yml` fails the check like a plan error,
 * naming each key to fix, annotated on the file where the error has a place:
 * the parser's line, or the key's line in `text` (the file as pushed), when given.
 */
export function configErrorOutput(errors: readonly string[], text: string | null = null): CheckRunOutput {
  return {
    name: CHECK_RUN_NAME,
    status: "completed",
    conclusion: "failure",
    title: `${errors.length} error${errors.length === 1 ? "" : "s"} in ${CONFIG_PATH}`,
    summary: [
      `\`${CONFIG_PATH}\` is not valid, so plan-sync synced nothing for this push. Fix it and push again:`,
      "",
      ...errors.map((e) => `- ${e}`),
    ].join("\n"),
    annotations: configAnnotations(errors, text),
  };
}
