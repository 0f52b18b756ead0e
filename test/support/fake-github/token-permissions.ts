import { HttpError, type Caller } from "./model.js";

export type PermissionLevel = "read" | "write";

/** A token's grants, as a fine-grained token or an App installation lists them: `{ issues: "read", contents: "write" }`. */
export type TokenPermissions = Partial<
  Record<"issues" | "contents" | "checks" | "pull_requests" | "metadata", PermissionLevel>
>;

/**
 * The permission a repository write needs, by path. Comments on pull requests
 * go through the issues API and need `issues`, as on GitHub; labels too.
 */
export function permissionFor(path: string): keyof TokenPermissions | null {
  const rest = /^\/repos\/[^/]+\/[^/]+\/(.*)$/.exec(path)?.[1];
  if (rest === undefined) return null;
  if (/^(issues|labels)(\/|$)/.test(rest)) return "issues";
  if (/^(contents|git)(\/|$)/.test(rest)) return "contents";
  if (/^check-(runs|suites)(\/|$)/.test(rest)) return "checks";
  if (/^pulls(\/|$)/.test(rest)) return "pull_requests";
  return null;
}

/** 403 like GitHub's when a limited token writes what it was only allowed to read (or not granted at all). */
export function assertMayWrite(caller: Caller | null, path: string): void {
  if (!caller?.permissions) return;
  const needed = permissionFor(path);
  if (needed === null || caller.permissions[needed] === "write") return;
  const who = caller.isInstallationToken ? "integration" : "personal access token";
  throw new HttpError(403, `Resource not accessible by ${who}`, { documentation_url: "https://docs.github.com/rest" });
}
