import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

/** The no-restricted-imports messages ESLint reports for `code` as if it were the file at `path`. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the layer rule (eslint.config.js)", () => {
  it("refuses an upward import from the core: sync importing a handler", async () => {
    const errors = await layerErrors(
      "src/sync/upward.ts",
      'import { createPushHandler } from "../handlers/push.js";\nexport const x = createPushHandler;\n',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/top layer/);
  });

  it("refuses Probot and Octokit in the pure core", async () => {
    for (const path of ["src/plan/p.ts", "src/sync/s.ts", "src/render/r.ts"]) {
      const errors = await layerErrors(path, 'import type { Context } from "probot";\nexport type C = Context;\n');
      expect(errors, path).toHaveLength(1);
    }
  });

  it("refuses @octokit/* outside src/github/, and allows it inside", async () => {
    const code = 'import type { Octokit } from "@octokit/core";\nexport type O = Octokit;\n';
    expect(await layerErrors("src/cli/sync/reader.ts", code)).toEqual([expect.stringMatching(/only from src\/github/)]);
    expect(await layerErrors("src/push/reader.ts", code)).toHaveLength(1);
    expect(await layerErrors("src/github/reader.ts", code)).toEqual([]);
  });

  it("refuses a feature in the core and in src/github, and a handler in a feature", async () => {
    const feature = 'import { x } from "../push/sync-push.js";\nexport const y = x;\n';
    expect(await layerErrors("src/render/r.ts", feature)).toHaveLength(1);
    expect(await layerErrors("src/github/g.ts", feature)).toHaveLength(1);
    const handler = 'import { x } from "../handlers/issues.js";\nexport const y = x;\n';
    expect(await layerErrors("src/write-back/w.ts", handler)).toHaveLength(1);
  });

  it("refuses anything above plan in src/plan", async () => {
    const errors = await layerErrors(
      "src/plan/q.ts",
      'import { x } from "../render/marker.js";\nexport const y = x;\n',
    );
    expect(errors).toEqual([expect.stringMatching(/bottom layer/)]);
  });

  it("refuses src/github in the engine: sync and render use the ports sync defines", async () => {
    const port = 'import type { Gateway } from "../github/gateway.js";\nexport type G = Gateway;\n';
    expect(await layerErrors("src/sync/s.ts", port)).toEqual([expect.stringMatching(/defines its ports/)]);
    expect(await layerErrors("src/render/r.ts", port)).toEqual([expect.stringMatching(/defines its ports/)]);
    const applier = 'import { applyActions } from "../github/apply-actions.js";\nexport const a = applyActions;\n';
    expect(await layerErrors("src/sync/sync-plans.ts", applier)).toHaveLength(1);
  });

  it("refuses the write-back feature in the engine: the plan writer is injected", async () => {
    const errors = await layerErrors(
      "src/sync/write-links.ts",
      'import { writeBack } from "../write-back/write-back.js";\nexport const w = writeBack;\n',
    );
    expect(errors).toEqual([expect.stringMatching(/Features sit above/)]);
  });

  it("refuses a feature importing another feature, or the app", async () => {
    const sideways: Array<[string, string]> = [
      ["src/rerun/rerun-request.ts", "../write-back/index.js"],
      ["src/push/sync-push.ts", "../rerun/rerun-push-sync.js"],
      ["src/write-back/write-back.ts", "../pull-request/refresh-status.js"],
      ["src/pull-request/refresh-status.ts", "../push/sync-push.js"],
      ["src/redelivery/start-redelivery.ts", "../write-back/index.js"],
    ];
    for (const [path, from] of sideways) {
      const errors = await layerErrors(path, `import { x } from "${from}";\nexport const y = x;\n`);
      expect(errors, `${path} → ${from}`).toEqual([expect.stringMatching(/never import another feature/)]);
    }
    for (const top of ["../app/app-runtime.js", "../server/graceful-shutdown.js", "../handlers/issues.js"]) {
      const errors = await layerErrors("src/pull-request/p.ts", `import { x } from "${top}";\nexport const y = x;\n`);
      expect(errors, top).toHaveLength(1);
    }
  });

  it("lets a feature import its own folder and the layers below, and src/github import the engine's ports", async () => {
    const own =
      'import { x } from "./write-back.js";\nimport { y } from "../sync/gateway.js";\nexport const z = [x, y];\n';
    expect(await layerErrors("src/write-back/w.ts", own)).toEqual([]);
    const below =
      'import { x } from "../github/errors.js";\nimport { y } from "../render/check-run.js";\nexport const z = [x, y];\n';
    expect(await layerErrors("src/rerun/r.ts", below)).toEqual([]);
    const port = 'import type { Gateway } from "../sync/gateway.js";\nexport type G = Gateway;\n';
    expect(await layerErrors("src/github/g.ts", port)).toEqual([]);
  });

  it("lets a layer import downward", async () => {
    expect(await layerErrors("src/sync/s.ts", 'import { x } from "../plan/types.js";\nexport const y = x;\n')).toEqual(
      [],
    );
    expect(
      await layerErrors("src/handlers/h.ts", 'import { x } from "../push/sync-push.js";\nexport const y = x;\n'),
    ).toEqual([]);
  });
});
