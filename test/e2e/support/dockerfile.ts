import { readFileSync } from "node:fs";

export interface DockerStage {
  name: string | null;
  from: string;
  env: Record<string, string>;
  run: string[];
  /** Exec-form CMD. */
  cmd: string[] | null;
  /** Exec-form HEALTHCHECK command. */
  healthcheck: string[] | null;
  user: string | null;
  expose: string[];
  copies: string[];
}

/**
 * Just enough of a Dockerfile reader to replay the runtime stage without a
 * Docker engine: continuation lines, FROM ... AS, ENV k=v, RUN, exec-form CMD
 * and HEALTHCHECK, USER, EXPOSE, COPY.
 */
export function readDockerfile(path: string): DockerStage[] {
  const logical = readFileSync(path, "utf8")
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, instruction = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const keyword = instruction.toUpperCase();
    if (keyword === "FROM") {
      const [, from = "", name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({
        name: name ?? null,
        from,
        env: {},
        run: [],
        cmd: null,
        healthcheck: null,
        user: null,
        expose: [],
        copies: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`Dockerfile: ${keyword} before FROM`);
    if (keyword === "ENV") {
      for (const [, key = "", value = ""] of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g))
        stage.env[key] = value.replace(/^"|"$/g, "");
    } else if (keyword === "RUN") stage.run.push(rest);
    else if (keyword === "CMD") stage.cmd = JSON.parse(rest) as string[];
    else if (keyword === "HEALTHCHECK") {
      const json = rest.slice(rest.indexOf("CMD ") + 4);
      stage.healthcheck = JSON.parse(json) as string[];
    } else if (keyword === "USER") stage.user = rest;
    else if (keyword === "EXPOSE") stage.expose.push(...rest.split(/\s+/));
    else if (keyword === "COPY") stage.copies.push(rest);
  }
  return stages;
}
