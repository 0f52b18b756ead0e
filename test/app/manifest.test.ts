import { readFileSync } from "node:fs";
import { emitterEventNames } from "@octokit/webhooks";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { describe, expect, it } from "vitest";
// The parser Probot's setup page itself uses to read app.yml.
import { parse } from "yaml";
import app, { subscribedEvents } from "../../src/index.js";

interface Manifest {
  name?: string;
  url?: string;
  public?: boolean;
  default_events?: string[];
  default_permissions?: Record<string, string>;
}

const manifest = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as Manifest;

/** Loads the app the way `probot.load()` does without a server, recording every `app.on`. */
async function recordSubscriptions(): Promise<string[]> {
  const names: string[] = [];
  const silent = () => {};
  const log = { debug: silent, info: silent, warn: silent, error: silent, child: () => log };
  const fakeProbot = {
    log,
    on: (event: string | string[]) => names.push(...(Array.isArray(event) ? event : [event])),
    onAny: silent,
    onError: silent,
  } as unknown as Probot;
  const options: ApplicationFunctionOptions = {
    cwd: process.cwd(),
    addHandler: () => {
      throw new Error("No server instance");
    },
  };
  await app(fakeProbot, options);
  return names;
}

const base = (name: string) => name.split(".")[0];

describe("app.yml (the GitHub App manifest)", () => {
  it("registers exactly the events the app subscribes to", async () => {
    const subscribed = await recordSubscriptions();
    const subscribedBase = [...new Set(subscribed.map(base))].sort();
    expect(manifest.default_events).toBeDefined();
    expect([...(manifest.default_events ?? [])].sort()).toEqual(subscribedBase);
    expect(new Set(manifest.default_events).size).toBe(manifest.default_events?.length);
    // The exported list other code (and docs) rely on matches the wiring.
    expect([...subscribedEvents].sort()).toEqual(subscribedBase);
  });

  it("subscribes to the actions plan-sync handles, with valid event names", async () => {
    const subscribed = await recordSubscriptions();
    const known = new Set<string>(emitterEventNames);
    expect(subscribed.filter((name) => !known.has(name))).toEqual([]);
    expect(subscribed).toEqual(
      expect.arrayContaining([
        "push",
        "issues.closed",
        "issues.reopened",
        "pull_request.opened",
        "pull_request.synchronize",
        "pull_request.reopened",
        "pull_request.edited",
        "issue_comment.created",
        "check_run.rerequested",
      ]),
    );
  });

  it("asks for least privilege: exactly these permissions", () => {
    expect(manifest.default_permissions).toEqual({
      contents: "write",
      issues: "write",
      pull_requests: "write",
      checks: "write",
      metadata: "read",
    });
  });

  it("has what GitHub's manifest flow requires and is not installable by strangers by default", () => {
    expect(manifest.name).toMatch(/^[a-z0-9-]+$/);
    expect(manifest.url).toMatch(/^https:\/\//);
    expect(manifest.public).toBe(false);
  });
});
