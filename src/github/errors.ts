/**
 * GitHub's failures: the typed errors of the Gateway port are the engine's
 * (src/sync/gateway-errors.ts); here they are re-exported next to what
 * classifies GitHub's answers into them.
 */
import { githubMessage, httpStatus, ProtectedBranchError, StaleFileError } from "../sync/gateway-errors.js";

export * from "../sync/gateway-errors.js";

/**
 * The contents API answers 409 both for a stale blob SHA ("x does not match
 * <sha>") and for branch protection / rulesets ("Repository rule violations
 * found … Changes must be made through a pull request", "Could not update
 * file: Required status check … is expected", "Protected branch update
 * failed"), so the message decides. A missing/invalid sha is a 422.
 */
export function classifyPutFileError(error: unknown, path: string, branch: string): unknown {
  const status = httpStatus(error);
  if (status !== 409 && status !== 422 && status !== 403) return error;
  const message = githubMessage(error);
  const docs = (error as { response?: { data?: { documentation_url?: unknown } } }).response?.data?.documentation_url;
  const protectedBranch =
    /protected branch|rule violations|must be made through a pull request|required status check|review.*required|about-protected-branches/i.test(
      message,
    ) ||
    (typeof docs === "string" && /protected-branches|rulesets/.test(docs));
  // Push protection (a secret in the text) also says "rule violations", but a pull request would not get past it either.
  if (protectedBranch && !/secret/i.test(message)) return new ProtectedBranchError(branch);
  if (status === 409) return new StaleFileError(path);
  if (status === 422 && /\bsha\b|does not match/i.test(message)) return new StaleFileError(path);
  return error;
}
