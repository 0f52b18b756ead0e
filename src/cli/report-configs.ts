import type { CliContext } from "./cli-context.js";
import { displayPath } from "./display-path.js";
import type { LoadedConfig } from "./find-config.js";

/** Which config the plans were read with, on stderr, so a surprising result can be traced to its settings. */
export function reportConfigs(ctx: CliContext, configs: readonly LoadedConfig[]): void {
  const said = new Set<string>();
  const say = (line: string) => {
    if (said.has(line)) return;
    said.add(line);
    ctx.stderr(line);
  };
  for (const config of configs) {
    if (!config.ok) continue;
    if (config.file === null) {
      say(
        `plan-sync: no .github/plan-sync.yml found up to the repository root (${displayPath(ctx, config.root)}); using the App's defaults\n`,
      );
      continue;
    }
    say(`plan-sync: config ${displayPath(ctx, config.file)}\n`);
    for (const note of config.notes) say(`plan-sync: ${displayPath(ctx, config.file)}: ${note}\n`);
  }
}
