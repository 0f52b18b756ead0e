import { createHash } from "node:crypto";
import { lineDiffStats, similarity } from "./line-diff.js";
import type { Commit, GitIdentity } from "./types.js";

/** Git's own blob id, so SHAs the app stores match what real GitHub would return. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export type FileStatus = "added" | "modified" | "removed" | "renamed";

export interface FileChange {
  filename: string;
  status: FileStatus;
  previousFilename?: string;
  /** Blob SHA of the new side (of the old side for removals). */
  sha: string;
  additions: number;
  deletions: number;
}

/**
 * One object store for every repository, as GitHub shares objects across a
 * fork network: a fork's head SHA resolves from its parent too.
 */
export class GitStore {
  readonly commits = new Map<string, Commit>();
  /** Every blob ever committed, by its git SHA (for the git blobs API). */
  readonly blobs = new Map<string, string>();
  private counter = 0;

  create(input: {
    parents: string[];
    tree: ReadonlyMap<string, string>;
    message: string;
    author: GitIdentity;
    committer?: GitIdentity;
    authorLogin: string | null;
  }): Commit {
    const treeSha = createHash("sha1")
      .update(
        [...input.tree.keys()]
          .sort()
          .map((p) => `${p}\0${blobSha(input.tree.get(p)!)}`)
          .join("\n"),
      )
      .digest("hex");
    const committer = input.committer ?? input.author;
    // The counter keeps two otherwise identical commits (same second, same tree) distinct.
    const sha = createHash("sha1")
      .update(
        `tree ${treeSha}\n${input.parents.map((p) => `parent ${p}\n`).join("")}author ${input.author.name} <${input.author.email}> ${input.author.date}\ncommitter ${committer.name} <${committer.email}> ${committer.date}\n#${++this.counter}\n\n${input.message}`,
      )
      .digest("hex");
    const commit: Commit = {
      sha,
      parents: [...input.parents],
      message: input.message,
      author: input.author,
      committer,
      authorLogin: input.authorLogin,
      tree: new Map(input.tree),
      treeSha,
    };
    this.commits.set(sha, commit);
    for (const text of input.tree.values()) this.blobs.set(blobSha(text), text);
    return commit;
  }

  get(sha: string): Commit | undefined {
    const exact = this.commits.get(sha);
    if (exact) return exact;
    if (sha.length >= 7 && /^[0-9a-f]+$/.test(sha)) {
      for (const [key, commit] of this.commits) if (key.startsWith(sha)) return commit;
    }
    return undefined;
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const p of this.commits.get(next)?.parents ?? []) stack.push(p);
    }
    return seen;
  }

  /** Nearest common ancestor walking from `head` breadth-first; null for unrelated histories. */
  mergeBase(base: string, head: string): string | null {
    const fromBase = this.ancestors(base);
    const queue = [head];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      if (fromBase.has(next)) return next;
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return null;
  }

  /** Commits reachable from `head` and not from `base`, oldest first. */
  commitsBetween(base: string | null, head: string): Commit[] {
    const exclude = base ? this.ancestors(base) : new Set<string>();
    const out: Commit[] = [];
    for (const sha of this.ancestors(head)) {
      if (!exclude.has(sha)) out.push(this.commits.get(sha)!);
    }
    // Ancestors come before descendants: order by depth from the root.
    const depth = new Map<string, number>();
    const depthOf = (sha: string): number => {
      const known = depth.get(sha);
      if (known !== undefined) return known;
      const stack: string[] = [sha];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const parents = this.commits.get(top)?.parents ?? [];
        const pending = parents.filter((p) => !depth.has(p));
        if (pending.length > 0) {
          stack.push(...pending);
          continue;
        }
        stack.pop();
        depth.set(top, parents.length === 0 ? 0 : Math.max(...parents.map((p) => depth.get(p)!)) + 1);
      }
      return depth.get(sha)!;
    };
    return out.sort((x, y) => depthOf(x.sha) - depthOf(y.sha));
  }
}

/** Changed files between two trees, with git-style rename detection (exact, then ≥50% similar lines). */
export function diffTrees(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileChange[] {
  const changes: FileChange[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const [path, text] of after) {
    const old = before.get(path);
    if (old === undefined) added.push(path);
    else if (old !== text)
      changes.push({ filename: path, status: "modified", sha: blobSha(text), ...lineDiffStats(old, text) });
  }
  for (const path of before.keys()) if (!after.has(path)) removed.push(path);

  const pairRenames = (accept: (oldText: string, newText: string) => boolean): void => {
    for (const oldPath of [...removed]) {
      const oldText = before.get(oldPath)!;
      const match = added.find((newPath) => accept(oldText, after.get(newPath)!));
      if (match === undefined) continue;
      const newText = after.get(match)!;
      changes.push({
        filename: match,
        status: "renamed",
        previousFilename: oldPath,
        sha: blobSha(newText),
        ...lineDiffStats(oldText, newText),
      });
      removed.splice(removed.indexOf(oldPath), 1);
      added.splice(added.indexOf(match), 1);
    }
  };
  pairRenames((a, b) => a === b);
  pairRenames((a, b) => similarity(a, b) >= 0.5);

  for (const path of added) {
    const text = after.get(path)!;
    changes.push({ filename: path, status: "added", sha: blobSha(text), ...lineDiffStats("", text) });
  }
  for (const path of removed) {
    const text = before.get(path)!;
    changes.push({ filename: path, status: "removed", sha: blobSha(text), ...lineDiffStats(text, "") });
  }
  return changes.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}
