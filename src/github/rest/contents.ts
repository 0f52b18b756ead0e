import type { FileRecord, Gateway } from "../gateway.js";
import { classifyPutFileError } from "../errors.js";
import { toChangedFile, type ChangedFile } from "../map-records.js";
import { decodeContent, encodePath, type RepoRequests } from "./requests.js";

export type ContentMethods = Pick<Gateway, "getFile" | "putFile" | "compareCommits">;

/** Files and commits: `/contents`, `/git/blobs` for files over 1 MB, `/compare`. */
export function contentMethods(r: RepoRequests): ContentMethods {
  async function getBlobText(sha: string): Promise<string> {
    const blob = (await r.conditionalGet(`${r.base}/git/blobs/${sha}`)).data as { content: string; encoding: string };
    return decodeContent(blob.content, blob.encoding);
  }

  return {
    async getFile(path, ref): Promise<FileRecord | null> {
      // No ref: the default branch, as GitHub reads it when the parameter is left out.
      const at = ref === "" ? "" : `?ref=${encodeURIComponent(ref)}`;
      const data = await r.getOrNull<unknown>(`${r.base}/contents/${encodePath(path)}${at}`);
      if (data === null || Array.isArray(data)) return null;
      const file = data as { type?: string; sha: string; content?: string; encoding?: string; size?: number };
      if (file.type !== undefined && file.type !== "file") return null;
      // Files over 1 MB come back without content ("encoding": "none"); the blob API has them.
      const inline =
        typeof file.content === "string" && file.encoding !== "none" && (file.content !== "" || (file.size ?? 0) === 0);
      const text = inline ? decodeContent(file.content ?? "", "base64") : await getBlobText(file.sha);
      return { path, text, sha: file.sha };
    },

    async putFile(input) {
      try {
        const res = await r.write<{ commit: { sha: string } }>("PUT", `${r.base}/contents/${encodePath(input.path)}`, {
          message: input.message,
          content: Buffer.from(input.text, "utf8").toString("base64"),
          sha: input.sha,
          branch: input.branch,
        });
        return res.commit.sha;
      } catch (error) {
        throw classifyPutFileError(error, input.path, input.branch);
      }
    },

    async compareCommits(baseSha, headSha) {
      const data = (
        await r.conditionalGet(`${r.base}/compare/${encodeURIComponent(baseSha)}...${encodeURIComponent(headSha)}`)
      ).data as { files?: Array<{ filename: string; status: string; previous_filename?: string }> };
      return (data.files ?? []).map(toChangedFile).filter((f): f is ChangedFile => f !== null);
    },
  };
}
