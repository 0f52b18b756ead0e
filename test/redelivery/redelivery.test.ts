import { silentLog, type Log } from "../../src/log/log.js";
import { afterEach, describe, expect, it } from "vitest";
import type { AppJwtClient } from "../../src/github/webhook-deliveries.js";
import { RedeliveryScheduler } from "../../src/redelivery/redelivery-scheduler.js";
import { readRedeliverySettings } from "../../src/config/settings.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { createTestProbot } from "../support/probot-app.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

/**
 * Deliveries GitHub failed to make are asked for again, over the fake
 * GitHub's App webhook delivery log (App JWT, cursor pages): a failed one
 * once, a successful one never, and a redelivery of work already done
 * changes nothing.
 */

const HOUR = 3_600_000;
let fake: FakeGitHub | null = null;
let h: TestApp | null = null;
afterEach(async () => {
  fake?.assertNoUnexpected();
  await fake?.stop();
  fake = null;
  await h?.stop();
  h = null;
});

/** Any warning fails the test: these looks should have nothing to warn about. */
const quiet: Log = {
  ...silentLog,
  warn: (first: string | object, message?: string) => expect.fail(message ?? String(first)),
};

async function appClient(github: FakeGitHub): Promise<() => Promise<AppJwtClient>> {
  const probot = await createTestProbot(github, () => {});
  return async () => (await probot.auth()) as unknown as AppJwtClient;
}

function scheduler(github: FakeGitHub, client: () => Promise<AppJwtClient>, lookbackMs = 24 * HOUR) {
  return new RedeliveryScheduler({ client, intervalMs: 0, lookbackMs, log: quiet });
}

const attempts = (github: FakeGitHub) =>
  github.requests.filter((r) => r.method === "POST" && r.path.startsWith("/app/hook/deliveries/"));

describe("redelivery of failed webhook deliveries", () => {
  it("a failed delivery is redelivered once, a successful one never, one that later succeeded never", async () => {
    fake = new FakeGitHub();
    await fake.start();
    const log = fake.hookDeliveries;
    const failed = log.record({ guid: "guid-failed", event: "issues", action: "closed", statusCode: 502 });
    log.record({ guid: "guid-ok", event: "push", statusCode: 200 });
    log.record({ guid: "guid-retried", event: "issues", action: "reopened", statusCode: 0 });
    log.record({ guid: "guid-retried", event: "issues", action: "reopened", statusCode: 202, redelivery: true });
    const s = scheduler(fake, await appClient(fake));

    const first = await s.runOnce();
    expect(first.redelivered.map((d) => d.guid)).toEqual(["guid-failed"]);
    expect(attempts(fake).map((r) => r.path)).toEqual([`/app/hook/deliveries/${failed.id}/attempts`]);

    // The next look sees the redelivery (whatever came of it) and asks for nothing more.
    fake.resetCounters();
    log.onRedeliver = () => 500;
    const second = await s.runOnce();
    expect(second.redelivered).toEqual([]);
    expect(attempts(fake)).toEqual([]);
    // Another process (a restart) does not ask again either: the log shows the event was redelivered.
    expect((await scheduler(fake, await appClient(fake)).runOnce()).redelivered).toEqual([]);
  });

  it("looks back only over its window, reading page after page by the Link header's cursor", async () => {
    let now = Date.parse("2026-05-01T00:00:00Z");
    fake = new FakeGitHub({ now: () => new Date(now) });
    await fake.start();
    fake.hookDeliveries.record({ guid: "too-old", event: "push", statusCode: 503 });
    now += 3 * HOUR;
    for (let i = 0; i < 150; i++) {
      fake.hookDeliveries.record({ guid: `g${i}`, event: "push", statusCode: i === 7 || i === 140 ? 504 : 200 });
    }
    const s = new RedeliveryScheduler({
      client: await appClient(fake),
      intervalMs: 0,
      lookbackMs: 2 * HOUR,
      log: quiet,
      now: () => now,
    });
    const run = await s.runOnce();
    expect(run.listed).toBe(150);
    // Oldest first, as the events happened.
    expect(run.redelivered.map((d) => d.guid)).toEqual(["g7", "g140"]);
    const lists = fake.requests.filter((r) => r.method === "GET" && r.path === "/app/hook/deliveries");
    expect(lists).toHaveLength(2);
  });

  it("the deliveries endpoints answer only the App's JWT", async () => {
    fake = new FakeGitHub();
    await fake.start();
    const response = await fetch(`${fake.url}/app/hook/deliveries`, { headers: { authorization: "token nope" } });
    expect(response.status).toBe(401);
    fake.resetCounters();
  });

  it("at start it looks once; once stopped it starts no other look", async () => {
    fake = new FakeGitHub();
    await fake.start();
    fake.hookDeliveries.record({ guid: "down-at-the-time", event: "issues", action: "closed", statusCode: 0 });
    const s = new RedeliveryScheduler({
      client: await appClient(fake),
      intervalMs: 60_000,
      lookbackMs: HOUR,
      log: quiet,
    });
    s.start();
    // The look started by start() (a second tick joins it rather than starting another).
    await s.tick();
    expect(attempts(fake)).toHaveLength(1);
    await s.stop();
    expect(await s.tick()).toBeNull();
  });

  it("a redelivery of work already done changes nothing (the queue knows the delivery)", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN }, "Add the plan");
    await h.deliverPush({ id: "link-commit" });
    await h.settle();
    const issues = h.github.issues(h.repo).length;
    // GitHub saw a timeout for the first push, though the App got it and did the work.
    const pushed = h.github.log(h.repo)[1]!;
    h.github.hookDeliveries.record({ guid: "push-1", event: "push", statusCode: 0 });
    let redelivered = false;
    h.github.hookDeliveries.onRedeliver = async () => {
      redelivered = true;
      const payload = h!.github.pushPayload(h!.repo, { after: pushed.sha, before: pushed.parents[0] });
      await h!.probot.receive({ id: "push-1", name: "push", payload: payload as never });
      await h!.settle();
      return 202;
    };
    h.github.resetCounters();
    const s = scheduler(h.github, async () => (await h!.probot.auth()) as unknown as AppJwtClient);
    expect((await s.runOnce()).redelivered).toHaveLength(1);
    await h.settle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(redelivered).toBe(true);
    // The only write is the ask itself; the push was recognised by the queue and not even read again.
    expect(h.writes().map((w) => w.path)).toEqual(["/app/hook/deliveries/90000001/attempts"]);
    expect(h.github.requests.filter((r) => r.path.startsWith("/repos/"))).toEqual([]);
    expect(h.github.issues(h.repo)).toHaveLength(issues);
  });
});

describe("redelivery settings", () => {
  it("default to a look every 10 minutes over the last 24 hours; 0 minutes turns it off", () => {
    expect(readRedeliverySettings({})).toEqual({ intervalMs: 600_000, lookbackMs: 24 * HOUR });
    expect(
      readRedeliverySettings({
        PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES: "0",
        PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS: "72",
      }),
    ).toEqual({ intervalMs: 0, lookbackMs: 72 * HOUR });
  });

  it("a bad value stops the start with a message naming the variable", () => {
    expect(() => readRedeliverySettings({ PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES: "often" })).toThrow(
      'PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES must be a number, got "often"',
    );
    expect(() => readRedeliverySettings({ PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES: "-5" })).toThrow(
      /PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES must be a number of minutes from 0 \(off\) to 1440/,
    );
    expect(() => readRedeliverySettings({ PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS: "100" })).toThrow(
      /PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS must be a number of hours above 0 and at most 72/,
    );
  });
});
