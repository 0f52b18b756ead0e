import { createHash } from "node:crypto";
import { blobSha } from "./git-model.js";
import type { Commit } from "./types.js";

export interface TreeEntry {
  /** Relative to the tree that was asked for. */
  path: string;
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

interface Dir {
  files: Map<string, string>;
  dirs: Map<string, Dir>;
  sha: string;
}

/**
 * The git tree objects of a commit, as GitHub's trees API shows them: every
 * directory its own tree with a SHA (the root's is the commit's tree SHA),
 * entries in git's order (a directory sorts as if its name ended in "/").
 */
export class CommitTrees {
  private readonly root: Dir;
  private readonly bySha = new Map<string, Dir>();

  constructor(commit: Commit) {
    this.root = { files: new Map(), dirs: new Map(), sha: "" };
    for (const [path, text] of commit.tree) {
      const parts = path.split("/");
      let dir = this.root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (!next) dir.dirs.set(part, (next = { files: new Map(), dirs: new Map(), sha: "" }));
        dir = next;
      }
      dir.files.set(parts[parts.length - 1]!, text);
    }
    this.hash(this.root);
    this.root.sha = commit.treeSha;
    this.bySha.set(commit.treeSha, this.root);
  }

  /** The tree with `sha` in this commit (the root included); undefined when it has none. */
  has(sha: string): boolean {
    return this.bySha.has(sha);
  }

  /** Entries of the tree `sha` (default: the root); with `recursive`, every nested entry too, each directory before its contents. */
  list(sha: string | null, recursive: boolean): { sha: string; entries: TreeEntry[] } {
    const dir = sha === null ? this.root : this.bySha.get(sha);
    if (!dir) throw new Error(`fake: no tree ${sha}`);
    const entries: TreeEntry[] = [];
    const walk = (d: Dir, prefix: string): void => {
      for (const [name, child] of ordered(d)) {
        const path = `${prefix}${name}`;
        if (typeof child === "string") {
          entries.push({ path, type: "blob", sha: blobSha(child), size: Buffer.byteLength(child, "utf8") });
        } else {
          entries.push({ path, type: "tree", sha: child.sha });
          if (recursive) walk(child, `${path}/`);
        }
      }
    };
    walk(dir, "");
    return { sha: dir.sha, entries };
  }

  private hash(dir: Dir): string {
    const lines: string[] = [];
    for (const [name, child] of ordered(dir)) {
      lines.push(typeof child === "string" ? `blob ${name} ${blobSha(child)}` : `tree ${name} ${this.hash(child)}`);
    }
    dir.sha = createHash("sha1")
      .update(`tree\n${lines.join("\n")}`)
      .digest("hex");
    this.bySha.set(dir.sha, dir);
    return dir.sha;
  }
}

function ordered(dir: Dir): Array<[string, string | Dir]> {
  const all: Array<[string, string | Dir, string]> = [
    ...[...dir.files].map(([n, t]): [string, string, string] => [n, t, n]),
    ...[...dir.dirs].map(([n, d]): [string, Dir, string] => [n, d, `${n}/`]),
  ];
  return all.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)).map(([n, c]) => [n, c]);
}
