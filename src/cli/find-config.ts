import { access, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { CONFIG_PATH } from "../config/config-path.js";

export const CONFIG_RELATIVE_PATH = join(...CONFIG_PATH.split("/"));

/** A config problem, positioned when the YAML parser or the key says where. */
export interface ConfigError {
  line: number | null;
  column: number | null;
  message: string;
}

export type LoadedConfig =
  | {
      ok: true;
      config: PlanSyncConfig;
      /** Absolute path of the file used; null: none found, the App's defaults. */
      file: string | null;
      /** The repository root paths in `paths`/`ignore` are relative to. */
      root: string;
      /** Said once to the user, e.g. that `_extends` could not be followed offline. */
      notes: string[];
    }
  | { ok: false; file: string; root: string; errors: ConfigError[] };

/**
 * Finds and reads the `.github/plan-sync.yml` the App would use for a plan:
 * the nearest one in the plan's folder or above it, stopping at the
 * repository root (the folder holding `.git`). `--config FILE` overrides the
 * search. Results are cached per folder, so a thousand plans read it once.
 */
export class ConfigFinder {
  private readonly byDir = new Map<string, Promise<LoadedConfig>>();
  private readonly byFile = new Map<string, Promise<LoadedConfig>>();

  constructor(
    private readonly cwd: string,
    private readonly explicit?: string,
  ) {}

  /** The config for a plan, or for a folder (no-paths `check`, `init`). */
  forPath(absolutePath: string, isDirectory = false): Promise<LoadedConfig> {
    if (this.explicit !== undefined) {
      const file = resolve(this.cwd, this.explicit);
      return this.load(file, dirname(dirname(file)));
    }
    return this.forDir(isDirectory ? absolutePath : dirname(absolutePath));
  }

  private forDir(dir: string): Promise<LoadedConfig> {
    let found = this.byDir.get(dir);
    if (!found) {
      found = this.search(dir);
      this.byDir.set(dir, found);
    }
    return found;
  }

  private async search(dir: string): Promise<LoadedConfig> {
    const candidate = join(dir, CONFIG_RELATIVE_PATH);
    if (await exists(candidate)) return this.load(candidate, dir);
    const parent = dirname(dir);
    if (await exists(join(dir, ".git"))) return defaults(dir);
    // Outside any git repository: paths count from where the command runs.
    if (parent === dir) return defaults(this.cwd);
    return this.forDir(parent);
  }

  private load(file: string, root: string): Promise<LoadedConfig> {
    let loaded = this.byFile.get(file);
    if (!loaded) {
      loaded = readConfigFile(file, root);
      this.byFile.set(file, loaded);
    }
    return loaded;
  }
}

async function defaults(root: string): Promise<LoadedConfig> {
  const { DEFAULT_CONFIG } = await import("../config/default-config.js");
  return { ok: true, config: DEFAULT_CONFIG, file: null, root, notes: [] };
}

/**
 * Parsed exactly as Probot's config plugin parses it for the App (the `yaml`
 * package, `logLevel: "error"`, an empty file is `{}`), then validated by the
 * App's parseConfig. `_extends` pulls settings from another repository, which
 * offline commands cannot read: dropped with a note.
 */
async function readConfigFile(file: string, root: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    return {
      ok: false,
      file,
      root,
      errors: [{ line: null, column: null, message: `cannot read the config: ${reason}` }],
    };
  }
  const [{ parse: parseYaml }, { parseConfig }, { configAnnotations }] = await Promise.all([
    import("yaml"),
    import("../config/parse-config.js"),
    import("../sync/config-annotations.js"),
  ]);
  let raw: unknown;
  try {
    raw = parseYaml(text, { logLevel: "error" }) || {};
  } catch (error) {
    const pos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const detail = ((error as Error).message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    return {
      ok: false,
      file,
      root,
      errors: [{ line: pos?.line ?? null, column: pos?.col ?? null, message: `not valid YAML: ${detail}` }],
    };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      file,
      root,
      errors: [{ line: 1, column: 1, message: "not a YAML mapping of settings (`key: value` lines)" }],
    };
  }
  const notes: string[] = [];
  if ("_extends" in raw) {
    const { _extends: extendsFrom, ...own } = raw as Record<string, unknown>;
    raw = own;
    notes.push(
      `_extends: ${String(extendsFrom)} is not read offline: checked with this file's own settings (the App merges both)`,
    );
  }
  const parsed = parseConfig(raw);
  if (parsed.ok) return { ok: true, config: parsed.config, file, root, notes };
  // The same placement the App's check run uses: the key's line for a bad setting.
  const placed = new Map(configAnnotations(parsed.errors, text).map((a) => [a.message, a.startLine]));
  return {
    ok: false,
    file,
    root,
    errors: parsed.errors.map((message) => {
      const line = placed.get(message) ?? null;
      return { line, column: line === null ? null : 1, message };
    }),
  };
}

/** Whether a file or folder is there (config discovery, `init`'s refusal to overwrite). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
