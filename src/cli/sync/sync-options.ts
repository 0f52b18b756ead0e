import { UsageError } from "../exit-codes.js";
import { SYNC_OPTIONS } from "../commands.js";
import { booleanOption, parseCommandArgs, stringOption } from "../parse-command-args.js";

export interface SyncOptions {
  /** Plans named on the command line; empty: the plans changed since `before`, or without it every plan of the repository. */
  paths: string[];
  owner: string;
  repo: string;
  /** Branch the plans are read from and written back to; null means the repository's default branch. */
  ref: string | null;
  /** Commit the plans are compared with, so only checkboxes changed since then close or reopen issues. */
  before: string | null;
  dryRun: boolean;
  json: boolean;
  /** Put through closes the mass-close guard holds back, like `plan-sync: confirm-close` in a commit message. */
  confirmClose: boolean;
  token: string;
  /** Login whose issues are plan-sync's; null means the token's own identity. */
  identity: string | null;
  apiUrl: string;
  /** Where issue bodies link the plan (https://github.com, or a GitHub Enterprise Server). */
  serverUrl: string;
}

const DEFAULT_API_URL = "https://api.github.com";

/**
 * Command line plus environment → options. `--token` wins over GITHUB_TOKEN
 * (and GH_TOKEN, the GitHub CLI's name for it), so a laptop with both set
 * does what the command line says.
 */
export function readSyncOptions(argv: string[], env: Readonly<Record<string, string | undefined>>): SyncOptions {
  const { positionals, values: v } = parseCommandArgs(argv, SYNC_OPTIONS);
  const values = {
    repo: stringOption(v, "repo"),
    ref: stringOption(v, "ref"),
    before: stringOption(v, "before"),
    token: stringOption(v, "token"),
    identity: stringOption(v, "identity"),
  };
  const repoArg = values.repo ?? env.GITHUB_REPOSITORY;
  if (!repoArg) throw new UsageError("sync needs --repo owner/name (or GITHUB_REPOSITORY, as GitHub Actions sets it)");
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repoArg.trim());
  if (!match) throw new UsageError(`--repo must look like owner/name, got "${repoArg}"`);
  const token = nonEmpty(values.token) ?? nonEmpty(env.GITHUB_TOKEN) ?? nonEmpty(env.GH_TOKEN);
  if (!token) {
    throw new UsageError(
      "no GitHub token: set GITHUB_TOKEN (in a workflow: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`) or pass --token",
    );
  }
  const before = nonEmpty(values.before);
  const apiUrl = (nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_API_URL).replace(/\/+$/, "");
  return {
    // Repository paths, not local ones: `./docs/plan.md` and `docs/plan.md` are the same plan (and the same issue markers).
    paths: [...new Set(positionals.map((p) => p.replace(/^(\.\/)+/, "").replace(/^\/+/, "")))],
    owner: match[1] as string,
    repo: match[2] as string,
    ref: nonEmpty(values.ref) ?? null,
    // A push that created the branch has before = 000…0: there is no previous plan.
    before: before && !/^0+$/.test(before) ? before : null,
    dryRun: booleanOption(v, "dry-run"),
    json: booleanOption(v, "json"),
    confirmClose: booleanOption(v, "confirm-close"),
    token,
    identity: nonEmpty(values.identity) ?? null,
    apiUrl,
    serverUrl: (nonEmpty(env.GITHUB_SERVER_URL) ?? serverUrlFor(apiUrl)).replace(/\/+$/, ""),
  };
}

/** https://api.github.com → https://github.com; https://ghe.example.com/api/v3 → https://ghe.example.com. */
export function serverUrlFor(apiUrl: string): string {
  if (/^https:\/\/api\.github\.com$/i.test(apiUrl)) return "https://github.com";
  return apiUrl.replace(/\/api\/v3$/i, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
