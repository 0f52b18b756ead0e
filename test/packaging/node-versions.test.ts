import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readDockerfile } from "../e2e/support/dockerfile.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** The Node 24 release CI tests with (.ci/node24 installs it from the npm registry). */
const testedNode24 = /^NODE24_VERSION=(24\.\d+\.\d+)$/m.exec(read(".ci/node24"))?.[1];

describe("the Node versions plan-sync supports are the ones CI tests", () => {
  it(".ci/node24 runs the whole test suite on a pinned Node 24 release", () => {
    expect(testedNode24).toMatch(/^24\./);
    expect(read(".ci/node24")).toMatch(/^npm test$/m);
  });

  it("CI runs it after the Node 20 suite, so both Nodes are tested on every run", () => {
    const steps = read(".ci/run")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(steps.indexOf("npm test")).toBeGreaterThan(-1);
    expect(steps.indexOf(".ci/node24")).toBeGreaterThan(steps.indexOf("npm test"));
  });

  it("the Docker image is built and run on exactly the tested Node 24", () => {
    const stages = readDockerfile(join(ROOT, "Dockerfile"));
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) expect(stage.from, stage.name ?? "stage").toBe(`node:${testedNode24}-slim`);
  });

  it("package.json's engines cover Node 20.18.1 through 24", () => {
    const { engines } = JSON.parse(read("package.json")) as { engines: { node: string } };
    expect(engines.node).toBe(">=20.18.1 <25");
  });
});
