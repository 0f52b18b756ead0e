import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EtagCache } from "../../src/github/etag-cache.js";
import type { Gateway } from "../../src/github/gateway.js";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { createRestOctokit } from "../../src/github/octokit-options.js";
import {
  FULL_LISTING_EVERY,
  FULL_LISTING_MAX_AGE_MS,
  IssueListings,
  SINCE_OVERLAP_MS,
  listingKey,
} from "../../src/sync/issue-listings.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { quiet } from "../support/quiet-log.js";

/** The listing memory through the real gateway against the fake GitHub, whose clock the tests move. */

const REPO = { owner: "acme", repo: "app" };
const KEY = listingKey("https://github.com", REPO, "alice");
const START = Date.parse("2026-03-01T10:00:00Z");

let fake: FakeGitHub;
let gateway: Gateway;
let ourClock: number;
let listings: IssueListings;

beforeEach(async () => {
  fake = new FakeGitHub({ now: () => new Date(START) });
  await fake.start();
  fake.createRepo("acme/app");
  fake.addToken("t", "alice");
  const octokit = createRestOctokit({ token: "t", baseUrl: fake.url, log: quiet });
  gateway = createOctokitGateway(octokit, REPO, { identity: "token:t", etagCache: new EtagCache() });
  ourClock = START;
  listings = new IssueListings({ now: () => ourClock });
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const minutes = (n: number) => {
  fake.advanceClock(n * 60_000);
  ourClock += n * 60_000;
};
const create = (title: string, user = "alice") => fake.createIssue(REPO, { title, user });
const listRequests = () => fake.requests.filter((r) => r.method === "GET" && r.path === "/repos/acme/app/issues");
const titles = (issues: readonly { title: string }[]) => issues.map((i) => i.title);

describe("IssueListings", () => {
  it("lists everything first, then only what changed since GitHub's last answer (less 30 s), merged into the same set a full listing returns", async () => {
    for (let i = 1; i <= 150; i++) create(`T${i}`);
    create("someone else's", "bob");
    minutes(30);
    const first = await listings.list(gateway, "alice", KEY);
    expect(first).toHaveLength(150);
    expect(listRequests().map((r) => r.query.since)).toEqual([undefined, undefined]); // two pages of 100
    const firstAnswer = START + 30 * 60_000;

    minutes(10);
    fake.updateIssue(REPO, 7, { state: "closed" }, "carol"); // a person closes one (its webhook may never come)
    create("T151");
    fake.resetCounters();
    const second = await listings.list(gateway, "alice", KEY);

    expect(listRequests()).toHaveLength(1);
    expect(listRequests()[0]!.query).toMatchObject({
      creator: "alice",
      state: "all",
      since: new Date(firstAnswer - SINCE_OVERLAP_MS).toISOString().replace(".000Z", "Z"),
    });
    expect(second).toEqual(await gateway.listIssuesByCreator("alice"));
    expect(second.find((i) => i.number === 7)?.state).toBe("closed");
    expect(titles(second)).toContain("T151");
    expect(titles(second)).not.toContain("someone else's");
  });

  it("asks from GitHub's time of the previous answer, not from the App's clock", async () => {
    create("T1");
    await listings.list(gateway, "alice", KEY);
    fake.advanceClock(30 * 60_000); // GitHub's clock runs half an hour ahead of the App's
    create("T2");
    await listings.list(gateway, "alice", KEY);
    fake.resetCounters();
    fake.advanceClock(60_000);
    await listings.list(gateway, "alice", KEY);
    expect(listRequests()[0]!.query.since).toBe(
      new Date(START + 30 * 60_000 - SINCE_OVERLAP_MS).toISOString().replace(".000Z", "Z"),
    );
  });

  it(`lists everything again every ${FULL_LISTING_EVERY}th time, which drops an issue deleted meanwhile`, async () => {
    create("T1");
    create("T2");
    await listings.list(gateway, "alice", KEY);
    fake.deleteIssue(REPO, 2);
    for (let i = 2; i < FULL_LISTING_EVERY; i++) {
      minutes(1);
      // A since listing cannot see a deletion: the issue is still remembered.
      expect(titles(await listings.list(gateway, "alice", KEY))).toEqual(["T2", "T1"]);
    }
    fake.resetCounters();
    minutes(1);
    expect(titles(await listings.list(gateway, "alice", KEY))).toEqual(["T1"]);
    expect(listRequests()[0]!.query.since).toBeUndefined();
  });

  it("lists everything again when the last full listing is a day old, however few pushes came", async () => {
    create("T1");
    await listings.list(gateway, "alice", KEY);
    minutes(FULL_LISTING_MAX_AGE_MS / 60_000 - 1);
    await listings.list(gateway, "alice", KEY);
    expect(listRequests().map((r) => r.query.since === undefined)).toEqual([true, false]);
    minutes(1);
    await listings.list(gateway, "alice", KEY);
    expect(listRequests().map((r) => r.query.since === undefined)).toEqual([true, false, true]);
  });

  it("forgets on doubt: after forget, or a listing that failed, the next one is full", async () => {
    create("T1");
    await listings.list(gateway, "alice", KEY);
    listings.forget(KEY);
    await listings.list(gateway, "alice", KEY);
    fake.failNext({ method: "GET", path: "/repos/acme/app/issues", status: 404 });
    await expect(listings.list(gateway, "alice", KEY)).rejects.toThrow();
    await listings.list(gateway, "alice", KEY);
    expect(listRequests().map((r) => r.query.since === undefined)).toEqual([true, true, false, true]);
  });

  it("keeps one memory per repository and creator", async () => {
    create("T1");
    create("B1", "bob");
    await listings.list(gateway, "alice", KEY);
    expect(titles(await listings.list(gateway, "bob", listingKey("https://github.com", REPO, "bob")))).toEqual(["B1"]);
    expect(listRequests().map((r) => [r.query.creator, r.query.since === undefined])).toEqual([
      ["alice", true],
      ["bob", true],
    ]);
    expect(listingKey("https://github.com", { owner: "ACME", repo: "App" }, "Alice")).toBe(KEY);
  });

  it("refresh lists what a sync wrote only for a remembered repository, and forgets it rather than throw", async () => {
    create("T1");
    await listings.refresh(gateway, "alice", KEY);
    expect(listRequests()).toHaveLength(0);
    await listings.list(gateway, "alice", KEY);
    fake.failNext({ method: "GET", path: "/repos/acme/app/issues", status: 404 });
    await listings.refresh(gateway, "alice", KEY);
    fake.resetCounters();
    await listings.list(gateway, "alice", KEY);
    expect(listRequests()[0]!.query.since).toBeUndefined();
  });

  it("without listIssuesSince on the gateway, every listing is a full one", async () => {
    create("T1");
    const { listIssuesSince: _, ...plain } = gateway;
    expect(titles(await listings.list(plain as Gateway, "alice", KEY))).toEqual(["T1"]);
    expect(titles(await listings.list(plain as Gateway, "alice", KEY))).toEqual(["T1"]);
    expect(listRequests().map((r) => r.query.since)).toEqual([undefined, undefined]);
  });

  it("a listing whose answer did not say GitHub's time is not remembered: the next one is full", async () => {
    create("T1");
    const undated: Gateway = {
      ...gateway,
      listIssuesSince: async (creator, since) => ({
        ...(await gateway.listIssuesSince!(creator, since)),
        listedAt: null,
      }),
    };
    await listings.list(undated, "alice", KEY);
    expect(listings.size).toBe(0);
    minutes(1);
    expect(titles(await listings.list(gateway, "alice", KEY))).toEqual(["T1"]);
    expect(listRequests().map((r) => r.query.since)).toEqual([undefined, undefined]);
  });

  it("remembers one listing per key, and none whose issue text (titles too) is over maxChars: its next listing is full", async () => {
    fake.createIssue(REPO, { title: "T".repeat(900), body: "", user: "alice" });
    const small = new IssueListings({ maxChars: 1000, now: () => ourClock });
    await small.list(gateway, "alice", KEY);
    minutes(1);
    await small.list(gateway, "alice", KEY);
    expect(small.size).toBe(0);
    expect(listRequests().map((r) => r.query.since)).toEqual([undefined, undefined]);

    await listings.list(gateway, "alice", KEY);
    await listings.list(gateway, "bob", listingKey("https://github.com", REPO, "bob"));
    expect(listings.size).toBe(2);
    listings.forget(KEY);
    expect(listings.size).toBe(1);
  });
});
