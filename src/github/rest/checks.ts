import type { CheckRunInput, Gateway } from "../gateway.js";
import { toGitHubAnnotation } from "../map-records.js";
import type { RepoRequests } from "./requests.js";

export type CheckMethods = Pick<Gateway, "createCheckRun" | "updateCheckRun">;

/** GitHub caps annotations at 50 per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

type Annotation = ReturnType<typeof toGitHubAnnotation>;

/**
 * Check runs: `/repos/{owner}/{repo}/check-runs`. Not through the ETag cache's
 * invalidation: check runs are never read back through it.
 */
export function checkMethods(r: RepoRequests): CheckMethods {
  const { octokit, base } = r;
  /** Outputs sent so far, so a later annotations-only update can repeat the required title/summary. */
  const checkOutputs = new Map<number, { title: string; summary: string; text?: string }>();

  async function sendCheckOutput(id: number, input: Partial<CheckRunInput>, annotations: Annotation[]) {
    const known = checkOutputs.get(id);
    const title = input.title ?? known?.title;
    const summary = input.summary ?? known?.summary;
    const text = input.text ?? known?.text;
    if (title === undefined || summary === undefined) {
      throw new Error(`check run ${id}: GitHub needs a title and summary with any output`);
    }
    checkOutputs.set(id, { title, summary, ...(text !== undefined ? { text } : {}) });
    return { title, summary, ...(text !== undefined ? { text } : {}), annotations };
  }

  async function patchRemainingAnnotations(id: number, rest: Annotation[]) {
    for (let i = 0; i < rest.length; i += ANNOTATIONS_PER_REQUEST) {
      const output = await sendCheckOutput(id, {}, rest.slice(i, i + ANNOTATIONS_PER_REQUEST));
      await octokit.request({ method: "PATCH", url: `${base}/check-runs/${id}`, output });
    }
  }

  return {
    async createCheckRun(input) {
      const annotations = (input.annotations ?? []).map(toGitHubAnnotation);
      const output = {
        title: input.title,
        summary: input.summary,
        ...(input.text !== undefined ? { text: input.text } : {}),
      };
      const res = await octokit.request({
        method: "POST",
        url: `${base}/check-runs`,
        name: input.name,
        head_sha: input.headSha,
        status: input.status,
        ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
        output: { ...output, annotations: annotations.slice(0, ANNOTATIONS_PER_REQUEST) },
      });
      const id = (res.data as { id: number }).id;
      checkOutputs.set(id, output);
      await patchRemainingAnnotations(id, annotations.slice(ANNOTATIONS_PER_REQUEST));
      return id;
    },

    async updateCheckRun(id, input) {
      const annotations = (input.annotations ?? []).map(toGitHubAnnotation);
      const hasOutput =
        input.title !== undefined || input.summary !== undefined || input.text !== undefined || annotations.length > 0;
      await octokit.request({
        method: "PATCH",
        url: `${base}/check-runs/${id}`,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
        ...(hasOutput
          ? { output: await sendCheckOutput(id, input, annotations.slice(0, ANNOTATIONS_PER_REQUEST)) }
          : {}),
      });
      await patchRemainingAnnotations(id, annotations.slice(ANNOTATIONS_PER_REQUEST));
    },
  };
}
