import { describe, expect, it } from "vitest";
import { writeLinks } from "../../src/write-back/index.js";
import { MemoryGateway } from "./support/memory-gateway.js";
import { SAMPLE_PLAN } from "./support/sample-plan.js";

const PATH = "docs/plan.md";
const url = (n: number) => `https://github.com/acme/plans/issues/${n}`;

describe("writeLinks", () => {
  it("links every task in one commit and leaves ticks as they are", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const links = new Map([
      ["DATA1", { number: 1, url: url(1) }],
      ["DATA3", { number: 3, url: url(3) }],
    ]);
    const result = await writeLinks({ gateway, path: PATH, branch: "main", links });
    expect(result.status).toBe("committed");
    expect(gateway.appCommits()).toHaveLength(1);
    expect(gateway.file(PATH)).toBe(
      SAMPLE_PLAN.replace("| DATA1 |", `| DATA1 ([#1](${url(1)})) |`).replace(
        "| [x] DATA3 |",
        `| [x] DATA3 ([#3](${url(3)})) |`,
      ),
    );
  });

  it("commits nothing when the links are already there (a redelivered push)", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN });
    const links = new Map([["GAIN1", { number: 4, url: url(4) }]]);
    await writeLinks({ gateway, path: PATH, branch: "main", links });
    const again = await writeLinks({ gateway, path: PATH, branch: "main", links });
    expect(again.status).toBe("unchanged");
    expect(gateway.appCommits()).toHaveLength(1);
  });

  it("corrects a link that points at the wrong issue", async () => {
    const gateway = new MemoryGateway({ [PATH]: SAMPLE_PLAN.replace("| GAIN1 |", `| GAIN1 ([#9](${url(9)})) |`) });
    await writeLinks({ gateway, path: PATH, branch: "main", links: new Map([["GAIN1", { number: 4, url: url(4) }]]) });
    expect(gateway.file(PATH)).toBe(SAMPLE_PLAN.replace("| GAIN1 |", `| GAIN1 ([#4](${url(4)})) |`));
    expect(gateway.appCommits()[0]?.message.split("\n")[0]).toBe("plan-sync: link GAIN1 to its issue");
  });
});
