import type { Gateway } from "../github/gateway.js";
import type { WritePacer } from "../github/write-pacer.js";

/**
 * The same Gateway with every write waiting for a slot of the installation's
 * pacer first. Write-back and PR status go through the engines unchanged
 * (they know nothing of pacing) and still share GitHub's per-installation
 * content-creation budget with push sync, which paces its own writes.
 * Every method is listed, so a method added to Gateway must be sorted into
 * read or write here before it compiles.
 */
export function pacedGateway(gateway: Gateway, pacer: Pick<WritePacer, "acquire">): Gateway {
  const paced =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await pacer.acquire();
      return write(...args);
    };
  return {
    get repo() {
      return gateway.repo;
    },
    // Reads: GitHub's secondary limits count content-creating requests only.
    listIssuesByCreator: (creator) => gateway.listIssuesByCreator(creator),
    listIssuesWithLabel: (label) => gateway.listIssuesWithLabel(label),
    getIssue: (number) => gateway.getIssue(number),
    listLabels: () => gateway.listLabels(),
    listComments: (issueNumber) => gateway.listComments(issueNumber),
    getFile: (path, ref) => gateway.getFile(path, ref),
    compareCommits: (base, head) => gateway.compareCommits(base, head),
    getBranchSha: (branch) => gateway.getBranchSha(branch),
    getPullRequest: (number) => gateway.getPullRequest(number),
    findOpenPullRequest: (head, base) => gateway.findOpenPullRequest(head, base),
    listPullRequestFiles: (number) => gateway.listPullRequestFiles(number),
    // Writes.
    createIssue: paced((input) => gateway.createIssue(input)),
    updateIssue: paced((number, changes) => gateway.updateIssue(number, changes)),
    createLabel: paced((label) => gateway.createLabel(label)),
    createComment: paced((issueNumber, body) => gateway.createComment(issueNumber, body)),
    updateComment: paced((commentId, body) => gateway.updateComment(commentId, body)),
    putFile: paced((input) => gateway.putFile(input)),
    createCheckRun: paced((input) => gateway.createCheckRun(input)),
    updateCheckRun: paced((id, input) => gateway.updateCheckRun(id, input)),
    setBranch: paced((branch, sha) => gateway.setBranch(branch, sha)),
    createPullRequest: paced((input) => gateway.createPullRequest(input)),
    updatePullRequest: paced((number, changes) => gateway.updatePullRequest(number, changes)),
    ...(gateway.addSubIssue
      ? { addSubIssue: paced((parent: number, child: number) => gateway.addSubIssue!(parent, child)) }
      : {}),
    ...(gateway.addBlockedBy
      ? { addBlockedBy: paced((number: number, blocking: number) => gateway.addBlockedBy!(number, blocking)) }
      : {}),
    ...(gateway.removeBlockedBy
      ? { removeBlockedBy: paced((number: number, blocking: number) => gateway.removeBlockedBy!(number, blocking)) }
      : {}),
  };
}
