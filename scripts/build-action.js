// `npm run build:action`: bundles the GitHub Action (src/action/index.ts and
// everything it imports) into dist/index.js (and its parse worker, dist/worker.js), which action.yml runs on Node 24
// without an npm install. dist/ is built, not kept on main (every change to
// the CLI would change it): a release commits it on the tag workflows use
// (docs/actions.md, "Releasing the Action"). test/packaging/action.test.ts
// builds it with these same options and runs it with no node_modules.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const actionBuildOptions = {
  // Worker threads need files of their own beside index.js: piscina's own worker.js (it resolves
  // __dirname/worker.js), which loads plan-sync's parse worker, renamed so the two do not collide.
  entryPoints: {
    index: fileURLToPath(new URL("../src/action/index.ts", import.meta.url)),
    worker: fileURLToPath(new URL("../node_modules/piscina/dist/worker.js", import.meta.url)),
    "parse-worker": fileURLToPath(new URL("../src/parse-worker/worker.ts", import.meta.url)),
  },
  plugins: [
    {
      name: "parse-worker-file",
      setup(build) {
        build.onLoad({ filter: /src[\\/]parse-worker[\\/]plan-parser\.ts$/ }, async (args) => ({
          contents: (await readFile(args.path, "utf8")).replace('new URL("./worker.js"', 'new URL("./parse-worker.js"'),
          loader: "ts",
        }));
      },
    },
  ],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Some bundled CommonJS dependencies call require() or read __dirname; ESM output has neither.
  banner: {
    js: [
      "import { createRequire as __psRequire } from 'node:module';",
      "import { fileURLToPath as __psPath } from 'node:url';",
      "import { dirname as __psDirname } from 'node:path';",
      "const require = __psRequire(import.meta.url);",
      "const __filename = __psPath(import.meta.url);",
      "const __dirname = __psDirname(__filename);",
    ].join(" "),
  },
  // Optional native thread-priority helper piscina loads in a try/catch; a bundle cannot carry it.
  external: ["@napi-rs/nice"],
  legalComments: "none",
  logLevel: "warning",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({ ...actionBuildOptions, outdir: fileURLToPath(new URL("../dist", import.meta.url)) });
}
