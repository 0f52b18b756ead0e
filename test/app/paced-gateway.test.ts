import { describe, expect, it } from "vitest";
import { pacedGateway } from "../../src/app/paced-gateway.js";
import type { Gateway } from "../../src/github/gateway.js";

/** A gateway that only records what was called, in one log with the pacer's grants. */
function recording(log: string[]): Gateway {
  return new Proxy({ repo: { owner: "o", repo: "r" } } as unknown as Gateway, {
    get: (target, property) =>
      property === "repo"
        ? target.repo
        : (...args: unknown[]) => (log.push(`${String(property)}(${args.length})`), Promise.resolve(null)),
  });
}

describe("pacedGateway", () => {
  it("every content write takes a pacer slot first; reads never wait", async () => {
    const log: string[] = [];
    const gateway = pacedGateway(recording(log), { acquire: async () => void log.push("slot") });
    await gateway.getIssue(1);
    await gateway.getFile("p.md", "main");
    await gateway.listComments(1);
    await gateway.getBranchSha("main");
    await gateway.findOpenPullRequest("h", "main");
    await gateway.putFile({ path: "p.md", branch: "main", text: "x", sha: "s", message: "m" });
    await gateway.setBranch("b", "s");
    await gateway.createPullRequest({ head: "b", base: "main", title: "t", body: "b" });
    await gateway.updatePullRequest(2, { body: "b" });
    await gateway.createCheckRun({ headSha: "s", name: "n", status: "completed", title: "t", summary: "s" });
    await gateway.createComment(2, "hi");
    await gateway.updateComment(3, "hi");
    expect(log).toEqual([
      "getIssue(1)",
      "getFile(2)",
      "listComments(1)",
      "getBranchSha(1)",
      "findOpenPullRequest(2)",
      "slot",
      "putFile(1)",
      "slot",
      "setBranch(2)",
      "slot",
      "createPullRequest(1)",
      "slot",
      "updatePullRequest(2)",
      "slot",
      "createCheckRun(1)",
      "slot",
      "createComment(2)",
      "slot",
      "updateComment(2)",
    ]);
    expect(gateway.repo).toEqual({ owner: "o", repo: "r" });
  });

  it("a write is not sent while the pacer makes it wait", async () => {
    const log: string[] = [];
    let grant!: () => void;
    const gateway = pacedGateway(recording(log), { acquire: () => new Promise<void>((resolve) => (grant = resolve)) });
    const write = gateway.updateIssue(4, { state: "closed" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual([]);
    grant();
    await write;
    expect(log).toEqual(["updateIssue(2)"]);
  });
});
