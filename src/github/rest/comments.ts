import type { Gateway } from "../gateway.js";
import { toCommentRecord } from "../map-records.js";
import type { RepoRequests } from "./requests.js";

export type CommentMethods = Pick<Gateway, "listComments" | "createComment" | "updateComment">;

type GitHubComment = { id: number; body?: string; user?: { login?: string } };

/** Issue and pull-request comments: `/repos/{owner}/{repo}/issues/{number}/comments`. */
export function commentMethods(r: RepoRequests): CommentMethods {
  return {
    async listComments(issueNumber) {
      const comments = await r.getAllPages<GitHubComment>(`${r.base}/issues/${issueNumber}/comments?per_page=100`);
      return comments.map(toCommentRecord);
    },

    async createComment(issueNumber, body) {
      const comment = await r.write<GitHubComment>("POST", `${r.base}/issues/${issueNumber}/comments`, { body }, false);
      return toCommentRecord(comment);
    },

    async updateComment(commentId, body) {
      await r.write("PATCH", `${r.base}/issues/comments/${commentId}`, { body });
    },
  };
}
