import { readTokenLogin, type UserLookup } from "../../github/token-user.js";
import { githubMessage, httpStatus } from "../../github/errors.js";
import { describeFailure } from "./github-failure.js";

/** The login GitHub writes as author of what the repository's workflow token creates. */
export const ACTIONS_BOT = "github-actions[bot]";

export interface TokenIdentity {
  /** Whose issues are plan-sync's: the author login of what this token creates, unless overridden. */
  login: string;
  /** Who the token really writes as, when known; differs from `login` only with --identity. */
  writesAs: string | null;
  /** How it was found, for the summary: "token", "workflow token", "--identity". */
  source: "token" | "workflow-token" | "option";
}

export type IdentityLookup = UserLookup;

/**
 * Issues are managed by author, exactly as the App manages the ones its bot
 * wrote, so the command must know who the token writes as. A personal token
 * answers GET /user; a workflow (or any installation) token is refused there
 * with "Resource not accessible by integration", and writes as
 * github-actions[bot] when it is the workflow's own token.
 */
export async function resolveTokenIdentity(
  octokit: IdentityLookup,
  opts: { override: string | null; env: Readonly<Record<string, string | undefined>>; repo: string },
): Promise<TokenIdentity> {
  let writesAs: string | null = null;
  let source: TokenIdentity["source"] = "token";
  try {
    writesAs = await readTokenLogin(octokit);
  } catch (error) {
    const integration = httpStatus(error) === 403 && /not accessible by integration/i.test(githubMessage(error));
    if (integration || (opts.env.GITHUB_ACTIONS === "true" && httpStatus(error) === 403)) {
      // An installation token of some other App also lands here; --identity names its bot then.
      writesAs = opts.override ? null : ACTIONS_BOT;
      source = "workflow-token";
    } else if (!opts.override) {
      throw describeFailure(error, "read-identity", opts.repo);
    }
  }
  if (opts.override) return { login: opts.override, writesAs, source: "option" };
  return { login: writesAs ?? ACTIONS_BOT, writesAs, source };
}
