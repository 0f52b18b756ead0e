// `npm run build:action`: bundles the GitHub Action (src/action/index.ts and
// everything it imports) into dist/index.js, which action.yml runs on Node 24
// without an npm install. dist/ is built, not kept on main (every change to
// the CLI would change it): a release commits it on the tag workflows use
// (docs/actions.md, "Releasing the Action"). test/packaging/action.test.ts
// builds it with these same options and runs it with no node_modules.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export const actionBuildOptions = {
  entryPoints: [fileURLToPath(new URL("../src/action/index.ts", import.meta.url))],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Some bundled CommonJS dependencies call require(); ESM output needs one.
  banner: {
    js: "import { createRequire as __planSyncRequire } from 'node:module'; const require = __planSyncRequire(import.meta.url);",
  },
  legalComments: "none",
  logLevel: "warning",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({ ...actionBuildOptions, outfile: fileURLToPath(new URL("../dist/index.js", import.meta.url)) });
}
