import tseslint from "typescript-eslint";

/**
 * The layer order (DEVELOPERS.md): plan → sync/render → github → features
 * (push, pull-request, rerun, write-back, redelivery) → handlers/cli/app.
 * A lower layer never imports a higher one; the core never imports Probot or
 * Octokit; nothing outside src/github/ imports @octokit/* (test/lint/layers.test.ts
 * proves the rules fire).
 */
const octokit = {
  group: ["@octokit/*", "@probot/octokit-plugin-config"],
  message: "GitHub is called only from src/github/ (the one door): add what you need there.",
};
const framework = {
  group: ["probot", "@octokit/*", "@probot/*"],
  message: "src/plan, src/sync, src/render and src/config are the pure core: no Probot or Octokit.",
};
const folders = (...names) => names.map((name) => `**/${name}/*`);
const entryPoints = {
  group: folders("handlers", "cli", "app", "server", "action"),
  message: "handlers, cli, app, server and action are the top layer: nothing below imports them.",
};
const FEATURES = ["push", "pull-request", "rerun", "write-back", "redelivery"];
const features = {
  group: folders(...FEATURES),
  message: "Features sit above plan, sync, render and github: those never import a feature.",
};
const github = {
  group: folders("github"),
  message:
    "The engine defines its ports (src/sync/gateway.ts, pacer.ts, gateway-errors.ts) and src/github implements them: sync, render and config never import src/github; a feature's part is injected.",
};
/** A feature imports the layers below it, never another feature (shared parts move down) nor the top layer (wiring moves up). */
const featureBlock = (name) =>
  restrict([`src/${name}/**/*.ts`], octokit, {
    group: [
      ...folders("handlers", "cli", "app", "server", "action"),
      ...folders(...FEATURES.filter((f) => f !== name)),
    ],
    message: `Features never import another feature nor handlers, cli, app, server or action: move what ${name} shares down to sync/render/github, and wiring up to app.`,
  });
const restrict = (files, ...patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

export default tseslint.config(
  { ignores: ["lib/**", "dist/**", "node_modules/**", "coverage/**", ".stryker-tmp/**", "reports/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Later blocks for the same file replace the option, so each block lists everything its files may not import.
  restrict(["src/**/*.ts"], octokit),
  restrict(["src/plan/**/*.ts"], framework, entryPoints, features, {
    group: folders("sync", "render", "github", "write-back", "queue", "parse-worker"),
    message: "src/plan is the bottom layer: it imports no other folder of src/ but config.",
  }),
  restrict(["src/sync/**/*.ts", "src/render/**/*.ts", "src/config/**/*.ts"], framework, entryPoints, features, github),
  restrict(["src/github/**/*.ts"], entryPoints, features),
  ...FEATURES.map(featureBlock),
);
