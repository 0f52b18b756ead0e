import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { DEFAULT_CONFIG, type PlanSyncConfig } from "../config/config-schema.js";
import { parseConfig } from "../config/parse-config.js";

export const DEFAULT_CONFIG_PATH = ".github/plan-sync.yml";

export type LocalConfig = { ok: true; config: PlanSyncConfig; path: string | null } | { ok: false; messages: string[] };

/**
 * The offline commands read the same `.github/plan-sync.yml` the App reads, so
 * a preview shows the labels a push would really get. An explicit `--config`
 * must exist; the default path may be absent (then the defaults apply).
 */
export async function loadLocalConfig(cwd: string, explicit: string | undefined): Promise<LocalConfig> {
  const path = explicit ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return { ok: true, config: DEFAULT_CONFIG, path: null };
    }
    return { ok: false, messages: [`${path}: error: cannot read the config: ${(error as Error).message}`] };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { ok: false, messages: [`${path}: error: not valid YAML: ${(error as Error).message.split("\n")[0]}`] };
  }
  const parsed = parseConfig(raw ?? null);
  if (!parsed.ok) return { ok: false, messages: parsed.errors.map((e) => `${path}: error: ${e}`) };
  return { ok: true, config: parsed.config, path };
}
