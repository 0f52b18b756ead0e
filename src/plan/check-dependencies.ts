import type { ParseContext } from "./parse-context.js";
import type { Task } from "./types.js";

/**
 * Errors for `Depends on` cells, at the ID as written: an ID that is no task
 * of this plan, and a cycle (GitHub would accept each link of it, leaving
 * issues that block each other forever). Either makes the plan fail, so no
 * dependency is synced from a plan that says something impossible.
 */
export function checkDependencies(ctx: ParseContext, tasks: readonly Task[]): void {
  const known = new Set(tasks.map((t) => t.id));
  const byLower = new Map(tasks.map((t) => [t.id.toLowerCase(), t.id]));
  const unknown = new Set<string>();
  for (const ref of ctx.dependencyRefs) {
    if (known.has(ref.id)) continue;
    unknown.add(`${ref.task}\u0000${ref.id}`);
    const meant = byLower.get(ref.id.toLowerCase());
    ctx.report(
      ref.offset,
      "error",
      "unknown-dependency",
      `${ref.task} depends on "${ref.id}", which is no task of this plan${meant ? `: did you mean ${meant}?` : "."} Write task IDs of this plan, separated by commas.`,
    );
  }

  const edges = new Map<string, string[]>();
  for (const t of tasks)
    edges.set(
      t.id,
      (t.dependsOn ?? []).filter((id) => known.has(id)),
    );
  // Depth-first search; a dependency on a task still on the stack closes a cycle.
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, "open");
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === "open") {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join(",");
        if (reported.has(key)) continue;
        reported.add(key);
        const ref = ctx.dependencyRefs.find((r) => r.task === id && r.id === next);
        if (ref)
          ctx.report(
            ref.offset,
            "error",
            "dependency-cycle",
            `Dependencies go round in a circle: ${cycle.join(" → ")}. A task cannot wait for itself; remove one of these dependencies.`,
          );
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const t of tasks) if (!state.has(t.id)) visit(t.id);
}
