import type { CommitIdentityFields, PersonFields } from "../sync/push-event.js";

export type { CommitIdentityFields } from "../sync/push-event.js";

/**
 * The trailer every write-back commit carries. It survives a squash or a
 * cherry-pick of the app's commit, where the author would no longer be the bot.
 */
export const WRITE_BACK_TRAILER_KEY = "Plan-Sync-Bot";
export const WRITE_BACK_TRAILER = `${WRITE_BACK_TRAILER_KEY}: write-back`;

/**
 * True when the commit was made by plan-sync itself, so the push it causes
 * must not lead to more writes (no loops). `identity` is the bot login, e.g.
 * "plan-sync[bot]". A commit authored or committed by the bot counts, and so
 * does any commit whose trailers carry ours.
 */
export function isOwnCommit(commit: CommitIdentityFields | null | undefined, identity: string): boolean {
  if (!commit) return false;
  const login = identity.toLowerCase();
  for (const person of [commit.author, commit.committer]) {
    if (person && isBot(person, login)) return true;
  }
  return hasWriteBackTrailer(commit.message ?? "");
}

function isBot(person: PersonFields, login: string): boolean {
  if (person.username?.toLowerCase() === login) return true;
  if (person.name?.toLowerCase() === login) return true;
  // Contents-API commits by an app use `<id>+<slug>[bot]@users.noreply.github.com`.
  const email = person.email?.toLowerCase() ?? "";
  return email === `${login}@users.noreply.github.com` || email.endsWith(`+${login}@users.noreply.github.com`);
}

/**
 * Trailers live in the message's last paragraph; a mention elsewhere (e.g. quoted in a description) does not count.
 * Paragraphs are split at lines that are empty or hold only spaces/tabs, once CRLF (a commit made on Windows,
 * or through the web UI) is normalised: without that, "\r\n\r\n" would be no paragraph break at all.
 */
function hasWriteBackTrailer(message: string): boolean {
  const paragraphs = message
    .replace(/\r\n/g, "\n")
    .trimEnd()
    .split(/\n[ \t]*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? "";
  if (paragraphs.length < 2) return false;
  const key = WRITE_BACK_TRAILER_KEY.toLowerCase();
  return last.split("\n").some((line) => line.toLowerCase().startsWith(`${key}:`));
}
