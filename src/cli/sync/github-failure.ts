import { githubMessage, httpStatus } from "../../github/errors.js";

/**
 * What the command was doing when GitHub said no. The same 403 means "add
 * `issues: write`" on an issue and "add `contents: write`" on the plan, so
 * the message depends on the step, not only on the status.
 */
export type SyncStep =
  | "read-repository"
  | "read-identity"
  | "read-plan"
  | "read-config"
  | "read-issues"
  | "read-labels"
  | "write-label"
  | "write-issue"
  | "write-comment"
  | "write-plan"
  | "write-pull-request";

export type FailureCode =
  | "bad-credentials"
  | "permission"
  | "not-found"
  | "rate-limit"
  | "secondary-rate-limit"
  | "network"
  | "identity"
  | "github";

/** A GitHub failure put into words for the person running the command; exit 1. */
export class SyncFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly step: SyncStep | null = null,
  ) {
    super(message);
    this.name = "SyncFailure";
  }
}

interface Permission {
  /** Fine-grained token / GitHub App / workflow `permissions:` name and level. */
  fineGrained: string;
  what: string;
}

const NEEDS: Record<SyncStep, Permission> = {
  "read-repository": { fineGrained: "metadata: read", what: "see the repository" },
  "read-identity": { fineGrained: "(none)", what: "tell who the token belongs to" },
  "read-plan": { fineGrained: "contents: read", what: "read the plan" },
  "read-config": { fineGrained: "contents: read", what: "read .github/plan-sync.yml" },
  "read-issues": { fineGrained: "issues: read", what: "list the issues" },
  "read-labels": { fineGrained: "issues: read", what: "list the labels" },
  "write-label": { fineGrained: "issues: write", what: "create labels" },
  "write-issue": { fineGrained: "issues: write", what: "create, edit, close and reopen issues" },
  "write-comment": { fineGrained: "issues: write", what: "comment on issues" },
  "write-plan": { fineGrained: "contents: write", what: "commit ticks and links into the plan" },
  "write-pull-request": {
    fineGrained: "pull-requests: write",
    what: "propose the plan update in a pull request (the branch is protected)",
  },
};

interface ErrorLike {
  cause?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  request?: { method?: string; url?: string };
}

export function describeFailure(
  error: unknown,
  step: SyncStep,
  repo: string,
  now: () => number = Date.now,
): SyncFailure {
  if (error instanceof SyncFailure) return error;
  const status = httpStatus(error);
  const headers = (error as ErrorLike | null)?.response?.headers ?? {};
  const message = networkCause(error) ?? githubMessage(error);
  const says = message ? ` GitHub said: "${firstLine(message)}".` : "";

  // @octokit/request reports a request that got no answer at all (DNS, refused, reset, TLS) as status 500
  // with no response: that is the network, not GitHub refusing.
  if (status === undefined || (status === 500 && (error as ErrorLike | null)?.response === undefined)) {
    return new SyncFailure(
      "network",
      `could not reach GitHub: ${message}. Check the network, and GITHUB_API_URL for GitHub Enterprise Server.`,
      step,
    );
  }
  if (status === 401) {
    return new SyncFailure(
      "bad-credentials",
      `GitHub rejected the token (401 Bad credentials): it is wrong, expired or revoked.`,
      step,
    );
  }
  if ((status === 403 || status === 429) && /secondary rate limit/i.test(message)) {
    return new SyncFailure(
      "secondary-rate-limit",
      `GitHub's secondary rate limit stopped the run while trying to ${NEEDS[step].what}, after waiting and retrying. Wait a few minutes and run it again: what is already done is not repeated.`,
      step,
    );
  }
  if ((status === 403 || status === 429) && (headers["x-ratelimit-remaining"] === "0" || status === 429)) {
    const reset = Number(headers["x-ratelimit-reset"]);
    const when = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null;
    const minutes = when ? Math.max(1, Math.ceil((when.getTime() - now()) / 60_000)) : null;
    return new SyncFailure(
      "rate-limit",
      `the token's API rate limit is used up${when ? `; it resets at ${when.toISOString()} (in about ${minutes} min)` : ""}. Run again after that: what is already done is not repeated.`,
      step,
    );
  }
  const need = NEEDS[step];
  if (status === 403 || (status === 404 && step.startsWith("write-"))) {
    // GitHub answers 404 instead of 403 to a token that may not write a private repository, so as not to reveal it exists.
    const scopes = headers["x-oauth-scopes"];
    const classic =
      scopes !== undefined
        ? ` This is a classic token with scopes "${scopes || "none"}": it needs \`repo\` (or \`public_repo\` for a public repository).`
        : "";
    return new SyncFailure(
      "permission",
      `the token may not ${need.what} in ${repo} (${status}): it needs \`${need.fineGrained}\`.${classic} In a workflow, add it to the job's \`permissions:\` block; for a fine-grained token, grant it on the repository.${says}`,
      step,
    );
  }
  if (status === 404) {
    const what =
      step === "read-repository"
        ? `repository ${repo} not found, or the token cannot see it`
        : `GitHub answered 404 while trying to ${need.what} in ${repo}`;
    return new SyncFailure(
      "not-found",
      `${what}. A private repository needs a token with access to it (\`contents: read\`).${says}`,
      step,
    );
  }
  return new SyncFailure("github", `GitHub refused to ${need.what} in ${repo} (${status}).${says}`, step);
}

/** What failed underneath a request that got no answer, e.g. "getaddrinfo ENOTFOUND api.github.com". */
function networkCause(error: unknown): string | null {
  if ((error as ErrorLike | null)?.response !== undefined) return null;
  let cause = (error as { cause?: unknown } | null)?.cause;
  // fetch wraps the system error: TypeError("fetch failed", { cause: Error("connect ECONNREFUSED …") }).
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error && cause.message ? cause.message : null;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
