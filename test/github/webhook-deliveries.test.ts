import { describe, expect, it } from "vitest";
import {
  DELIVERIES_PER_PAGE,
  listDeliveriesSince,
  nextCursor,
  redeliverDelivery,
  type AppJwtClient,
} from "../../src/github/webhook-deliveries.js";
import { stubOctokit, type StubReply } from "./stub-octokit.js";

const LIST = "GET /app/hook/deliveries";
const at = (iso: string) => Date.parse(iso);

function delivery(id: number, deliveredAt: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    guid: `guid-${id}`,
    delivered_at: deliveredAt,
    redelivery: false,
    status_code: 202,
    event: "push",
    action: null,
    ...extra,
  };
}

const nextPage = (cursor: string) => ({
  link: `<https://api.github.com/app/hook/deliveries?per_page=100&cursor=${cursor}>; rel="next"`,
});

function client(pages: StubReply[]) {
  const stub = stubOctokit({ [LIST]: pages });
  return { stub, client: stub as unknown as AppJwtClient };
}

describe("listing the App webhook's deliveries", () => {
  it("asks for 100 a page and follows each page's cursor", async () => {
    const { stub, client: c } = client([
      { data: [delivery(3, "2026-12-07T10:03:00Z")], headers: nextPage("abc") },
      { data: [delivery(2, "2026-12-07T10:02:00Z")], headers: {} },
    ]);
    const out = await listDeliveriesSince(c, { since: at("2026-12-07T09:00:00Z"), maxPages: 5 });
    expect(out.map((d) => d.id)).toEqual([3, 2]);
    expect(DELIVERIES_PER_PAGE).toBe(100);
    expect(stub.requests.map((r) => r.params)).toEqual([{ per_page: 100 }, { per_page: 100, cursor: "abc" }]);
  });

  it("maps each delivery, an answer-less one with status 0 and no action as null", async () => {
    const { client: c } = client([
      {
        data: [
          delivery(5, "2026-12-07T10:05:00Z", {
            redelivery: true,
            status_code: 500,
            event: "issues",
            action: "closed",
          }),
          delivery(4, "2026-12-07T10:04:00Z", { status_code: undefined, action: undefined, redelivery: "yes" }),
        ],
      },
    ]);
    expect(await listDeliveriesSince(c, { since: 0, maxPages: 1 })).toEqual([
      {
        id: 5,
        guid: "guid-5",
        deliveredAt: "2026-12-07T10:05:00Z",
        redelivery: true,
        statusCode: 500,
        event: "issues",
        action: "closed",
      },
      {
        id: 4,
        guid: "guid-4",
        deliveredAt: "2026-12-07T10:04:00Z",
        redelivery: false,
        statusCode: 0,
        event: "push",
        action: null,
      },
    ]);
  });

  it("stops at the first delivery older than `since` without reading further pages", async () => {
    const { stub, client: c } = client([
      {
        data: [
          delivery(3, "2026-12-07T10:03:00Z"),
          delivery(2, "2026-12-07T10:00:00Z"),
          delivery(1, "2026-12-07T09:59:59Z"),
          delivery(0, "2026-12-07T10:30:00Z"),
        ],
        headers: nextPage("more"),
      },
    ]);
    const out = await listDeliveriesSince(c, { since: at("2026-12-07T10:00:00Z"), maxPages: 5 });
    // Exactly at `since` is kept; the first older one ends the listing.
    expect(out.map((d) => d.id)).toEqual([3, 2]);
    expect(stub.requests).toHaveLength(1);
  });

  it("keeps a delivery whose time GitHub did not send readably", async () => {
    const { client: c } = client([{ data: [delivery(9, "not a date"), delivery(8, "2026-12-07T10:00:00Z")] }]);
    const out = await listDeliveriesSince(c, { since: at("2026-12-07T11:00:00Z"), maxPages: 1 });
    expect(out.map((d) => d.id)).toEqual([9]);
  });

  it("reads at most maxPages pages", async () => {
    const { stub, client: c } = client([
      { data: [delivery(3, "2026-12-07T10:03:00Z")], headers: nextPage("p2") },
      { data: [delivery(2, "2026-12-07T10:02:00Z")], headers: nextPage("p3") },
      { data: [delivery(1, "2026-12-07T10:01:00Z")], headers: nextPage("p4") },
    ]);
    const out = await listDeliveriesSince(c, { since: 0, maxPages: 2 });
    expect(out.map((d) => d.id)).toEqual([3, 2]);
    expect(stub.requests).toHaveLength(2);
    expect(await listDeliveriesSince(c, { since: 0, maxPages: 0 })).toEqual([]);
    expect(stub.requests).toHaveLength(2);
  });

  it("stops on a page without a next link, and takes an answer that is not a list as empty", async () => {
    const { stub, client: c } = client([{ data: { message: "odd" }, headers: nextPage("x") }, { data: [] }]);
    expect(await listDeliveriesSince(c, { since: 0, maxPages: 5 })).toEqual([]);
    expect(stub.requests).toHaveLength(2);
    expect(stub.unused()).toEqual([]);
  });
});

describe("redelivering", () => {
  it("posts an attempt for the delivery", async () => {
    const stub = stubOctokit({ "POST /app/hook/deliveries/{delivery_id}/attempts": { status: 202, data: {} } });
    await redeliverDelivery(stub as unknown as AppJwtClient, 42);
    expect(stub.requests).toEqual([
      { method: "POST", url: "/app/hook/deliveries/{delivery_id}/attempts", params: { delivery_id: 42 } },
    ]);
  });
});

describe("the cursor of a Link header", () => {
  it("is the rel=next URL's cursor, wherever that link stands", () => {
    const link =
      '<https://api.github.com/app/hook/deliveries?cursor=first>; rel="first", ' +
      '<https://api.github.com/app/hook/deliveries?per_page=100&cursor=v1_42>; rel="next"';
    expect(nextCursor(link)).toBe("v1_42");
  });

  it("is null without a header, without a next link, or with a next URL lacking a cursor", () => {
    expect(nextCursor(undefined)).toBeNull();
    expect(nextCursor(3)).toBeNull();
    expect(nextCursor("")).toBeNull();
    expect(nextCursor('<https://api.github.com/x?cursor=a>; rel="prev"')).toBeNull();
    expect(nextCursor('<https://api.github.com/x?page=2>; rel="next"')).toBeNull();
  });

  it("is null when the next URL cannot be read, even if a later link could", () => {
    expect(nextCursor('<not a url>; rel="next", <https://api.github.com/x?cursor=b>; rel="next"')).toBeNull();
  });

  it("needs the quoted rel and the angle brackets, with any spaces around the semicolon", () => {
    expect(nextCursor('<https://api.github.com/x?cursor=c>  ;  rel="next"')).toBe("c");
    expect(nextCursor('<https://api.github.com/x?cursor=c>;rel="next"')).toBe("c");
    expect(nextCursor("<https://api.github.com/x?cursor=c>; rel=next")).toBeNull();
  });
});
