import { parse as parseYaml, YAMLParseError } from "yaml";
import { CONFIG_PATH } from "../config/config-path.js";
import { parseConfig, type ParseConfigResult } from "../config/parse-config.js";
import type { Gateway } from "../github/gateway.js";

type PullRequestFile = Awaited<ReturnType<Gateway["listPullRequestFiles"]>>[number];

export interface HeadConfig {
  result: ParseConfigResult;
  /** The file at the PR head, to place errors at their lines; null when the PR deletes it. */
  text: string | null;
}

/**
 * `.github/plan-sync.yml` as the pull request would merge it, when the PR
 * changes it; null when it does not. Validated like the App's config, so a
 * broken config fails the PR's check before it reaches the default branch.
 */
export async function readHeadConfig(
  gateway: Pick<Gateway, "getFile">,
  headSha: string,
  files: readonly PullRequestFile[],
): Promise<HeadConfig | null> {
  const file = files.find((f) => f.path === CONFIG_PATH || f.previousPath === CONFIG_PATH);
  if (!file) return null;
  // Moved away or deleted: the defaults apply after the merge.
  if (file.status === "removed" || file.path !== CONFIG_PATH) return { result: parseConfig(null), text: null };
  const head = await gateway.getFile(CONFIG_PATH, headSha);
  if (!head) return { result: parseConfig(null), text: null };
  return { result: parseConfigText(head.text), text: head.text };
}

/**
 * The config file's text, validated. Errors are worded as the App's config
 * reader words them (`line 3, column 1: not valid YAML: …`), so the check
 * run places them on the same lines. `_extends` is left out: what it pulls in
 * lives in another repository; the keys of this file are checked as written.
 */
export function parseConfigText(text: string): ParseConfigResult {
  let raw: unknown;
  try {
    raw = parseYaml(text.replace(/^\uFEFF/, ""), { prettyErrors: true });
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const at = error.linePos?.[0];
    const detail = error.message
      .split("\n")[0]
      ?.replace(/ at line \d+, column \d+:?$/, "")
      .trim();
    return {
      ok: false,
      errors: [`${at ? `line ${at.line}, column ${at.col}` : "(file)"}: not valid YAML${detail ? `: ${detail}` : ""}`],
    };
  }
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw))) {
    return { ok: false, errors: ["(file): not a YAML mapping of settings (`key: value` lines)"] };
  }
  if (raw && typeof raw === "object" && "_extends" in raw) {
    const { _extends: _ignored, ...own } = raw as Record<string, unknown>;
    raw = own;
  }
  return parseConfig(raw);
}
