/**
 * What Probot's config plugin (@probot/octokit-plugin-config 4.1.0) throws
 * when the file is there but unusable: a plain `Error` named "Error", with
 * `[@probot/octokit-plugin-config] Configuration could not be parsed from
 * <contents URL> (invalid YAML)` as its message and the `yaml` package's
 * YAMLParseError (with `linePos`) as its `cause`. Matched on the message,
 * because neither name nor class says "YAML". Anything else (GitHub
 * answering 5xx, a network error) is not the user's to fix and is not matched.
 */
const PLUGIN_PREFIX = "[@probot/octokit-plugin-config]";
const UNUSABLE = [
  { pattern: /could not be parsed from (\S+) \(invalid YAML\)/, problem: "not valid YAML" },
  {
    pattern: /could not be parsed from (\S+) \(YAML is not an object\)/,
    problem: "not a YAML mapping of settings (`key: value` lines)",
  },
  { pattern: /could not be parsed from (\S+) \(invalid JSON\)/, problem: "not valid JSON" },
  {
    pattern: /^\[@probot\/octokit-plugin-config\] (\S+) exists, but is either a directory or a submodule/,
    problem: "a directory or a submodule, not a file",
  },
] as const;

/**
 * The user-facing description of a config file GitHub served but that cannot
 * be read, e.g. `line 3, column 1: not valid YAML: All mapping items must
 * start at the same column`; null when `error` is something else.
 * `repo` is the repository the config was read for: a file of another one
 * (pulled in with `_extends`) is named in the message.
 */
export function describeConfigFileError(error: unknown, repo?: { owner: string; repo: string }): string | null {
  if (!(error instanceof Error) || !error.message.startsWith(PLUGIN_PREFIX)) return null;
  for (const { pattern, problem } of UNUSABLE) {
    const match = pattern.exec(error.message);
    if (!match) continue;
    const file = foreignFile(match[1] as string, repo);
    const position = positionOf(error.cause);
    const detail = detailOf(error.cause);
    return `${position ? `line ${position.line}, column ${position.col}` : "(file)"}: ${problem}${file ? ` (in ${file})` : ""}${detail ? `: ${detail}` : ""}`;
  }
  return null;
}

/** The position YAMLParseError gives, 1-based, as editors show it. */
function positionOf(cause: unknown): { line: number; col: number } | null {
  const linePos = (cause as { linePos?: Array<{ line?: unknown; col?: unknown }> } | undefined)?.linePos;
  const first = Array.isArray(linePos) ? linePos[0] : undefined;
  if (typeof first?.line !== "number" || typeof first.col !== "number") return null;
  return { line: first.line, col: first.col };
}

/** The parser's first line, without its own " at line 3, column 1:" (already said) and code frame. */
function detailOf(cause: unknown): string | null {
  if (!(cause instanceof Error)) return null;
  const first = cause.message
    .split("\n")[0]
    ?.replace(/ at line \d+, column \d+:?$/, "")
    .trim();
  return first ? first : null;
}

/**
 * Null for the repository's own file (the message is about it anyway);
 * `owner/repo:path` for a file pulled in with `_extends` (an organisation's
 * `.github` repository), so the user edits the right one.
 */
function foreignFile(url: string, repo: { owner: string; repo: string } | undefined): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(pathname);
  if (!match) return null;
  const [owner, name, path] = match.slice(1).map(safeDecode) as [string, string, string];
  if (repo && `${owner}/${name}`.toLowerCase() === `${repo.owner}/${repo.repo}`.toLowerCase()) return null;
  return `${owner}/${name}:${path}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
