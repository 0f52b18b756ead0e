import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Plan } from "../plan/types.js";
import { configAnnotations } from "../sync/config-annotations.js";
import type { CheckDiagnostic } from "./check-report.js";

/**
 * What `check` can tell of the routing config without GitHub, beyond its
 * format (parseConfig has that): areas routed that no checked plan uses, an
 * area routed to the plan's own repository (needless) or to another owner's
 * (the App refuses it), `accept` entries that name this repository itself or
 * repeat another. Whether a target accepts and has the App installed is for
 * the push to find out; dependency IDs and cycles are plan diagnostics.
 * `planRepo`: `owner/name` of the repository the config is in, when known.
 */
export function routingDiagnostics(input: {
  /** As displayed: where the diagnostics point. */
  configPath: string;
  configText: string;
  config: PlanSyncConfig;
  planRepo: string | null;
  plans: readonly Plan[];
}): CheckDiagnostic[] {
  const { config, configText, planRepo } = input;
  const out: CheckDiagnostic[] = [];
  const at = (keyPath: string, severity: CheckDiagnostic["severity"], code: string, message: string) =>
    out.push({ path: input.configPath, line: lineOf(keyPath, configText), column: 1, severity, code, message });
  const spelled = (area: string) => spelledArea(area, configText);
  const used = new Set(input.plans.flatMap((p) => p.tasks.map((t) => t.area)));
  for (const [area, { repo }] of Object.entries(config.areas)) {
    if (!repo) continue;
    const key = `areas.${spelled(area)}.repo`;
    if (planRepo && repo.toLowerCase() === planRepo.toLowerCase()) {
      at(
        key,
        "warning",
        "route-to-own-repository",
        `${area} is routed to ${repo}, the plan's own repository: its issues stay there anyway; remove \`repo\`.`,
      );
      continue;
    }
    const owner = repo.split("/")[0] ?? "";
    if (planRepo && owner.toLowerCase() !== (planRepo.split("/")[0] ?? "").toLowerCase()) {
      at(
        key,
        "error",
        "route-other-owner",
        `${area} is routed to ${repo}, which belongs to another owner than ${planRepo}: plan-sync routes issues only to repositories of the plan's owner, so a push would write nothing there.`,
      );
      continue;
    }
    if (input.plans.length > 0 && !used.has(area))
      at(
        key,
        "warning",
        "routed-area-unused",
        `${area} is routed to ${repo}, but no checked plan has ${area} tasks: a typo in the area, or a route left over?`,
      );
  }
  const seen = new Map<string, number>();
  config.accept.forEach((entry, i) => {
    const key = entry.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      at(`accept[${i}]`, "warning", "accept-repeated", `accept lists ${entry} twice (also entry ${first + 1}).`);
    else seen.set(key, i);
    if (planRepo && key === planRepo.toLowerCase())
      at(
        `accept[${i}]`,
        "warning",
        "accept-self",
        `accept lists ${entry}, this repository itself: its own plans need no consent; \`accept\` names the plan repositories that route issues here.`,
      );
  });
  return out;
}

/**
 * The line of a key path in the config (the parser's placement for config
 * errors), and for `accept[i]` the line of that item of a block list; 1 when not found.
 */
function lineOf(keyPath: string, text: string): number {
  const item = /^accept\[(\d+)\]$/.exec(keyPath);
  const listLine = configAnnotations([`${item ? "accept" : keyPath}: x`], text)[0]?.startLine ?? 1;
  if (!item) return listLine;
  const lines = text.split(/\r?\n/);
  let seen = -1;
  for (let i = listLine; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\s*-\s/.test(line)) {
      seen += 1;
      if (seen === Number(item[1])) return i + 1;
    } else if (line.trim() !== "" && !line.trim().startsWith("#")) break;
  }
  return listLine;
}

/** Area keys are read case-insensitively (`Data` routes DATA): the key as written in the file. */
function spelledArea(area: string, text: string): string {
  const written = text.match(/^\s*([A-Za-z][\w-]*)\s*:/gm)?.map((m) => m.replace(/[\s:]/g, "")) ?? [];
  return written.find((w) => w.toUpperCase() === area.toUpperCase()) ?? area;
}

/**
 * `owner/name` of the repository a checkout is of, offline: GITHUB_REPOSITORY
 * in Actions, else the `origin` remote of `<root>/.git/config` when it is a
 * GitHub URL. Null when neither says.
 */
export async function localRepository(root: string, env: Record<string, string | undefined> | undefined) {
  const fromEnv = env?.GITHUB_REPOSITORY;
  if (fromEnv && /^[^/\s]+\/[^/\s]+$/.test(fromEnv)) return fromEnv;
  let text: string;
  try {
    text = await readFile(join(root, ".git", "config"), "utf8");
  } catch {
    return null;
  }
  const origin = /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(text)?.[1];
  const match = origin ? /[/:]([^/:\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(origin) : null;
  return match ? `${match[1]}/${match[2]}` : null;
}
