#!/usr/bin/env node
// The `plan-sync` command. main() resolves to the exit code and never rejects;
// the import fails only when lib/ was never built (or a dependency is missing).
const entry = new URL("../lib/cli/main.js", import.meta.url);
try {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const notBuilt = error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(`'${entry.pathname}'`);
  console.error(
    notBuilt
      ? "plan-sync: lib/ is not built: run `npm run build` in the plan-sync folder"
      : `plan-sync: internal error: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 70;
}
