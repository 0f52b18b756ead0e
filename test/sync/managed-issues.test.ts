import { describe, expect, it } from "vitest";
import { renderMarker } from "../../src/render/marker.js";
import { appIssueMarker } from "../../src/sync/managed-issues.js";
import { BOT } from "./support.js";

describe("the task an issue stands for", () => {
  it("is its marker's when the app wrote the issue; a marker copied into a person's issue stands for nothing", () => {
    const body = `Do it\n\n${renderMarker({ path: "docs/plan.md", task: "DATA1", hash: "0123abcd" })}`;
    expect(appIssueMarker({ author: BOT, body }, BOT)).toEqual({
      path: "docs/plan.md",
      task: "DATA1",
      hash: "0123abcd",
    });
    expect(appIssueMarker({ author: "octocat", body }, BOT)).toBeNull();
    expect(appIssueMarker({ author: BOT, body: "no marker" }, BOT)).toBeNull();
  });
});
