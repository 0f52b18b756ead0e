import type { Gateway } from "./gateway.js";

export type GatewayMethod = Exclude<keyof Gateway, "repo">;

/**
 * Every Gateway method, sorted into reads and writes. A method added to
 * Gateway must be listed here before anything compiles, so a wrapper (the
 * pacer, the CLI's error wording) can never let a new write slip past it.
 * GitHub's secondary limits count content-creating requests only: writes.
 */
export const GATEWAY_METHODS: Readonly<Record<GatewayMethod, "read" | "write">> = {
  listIssuesByCreator: "read",
  listIssuesSince: "read",
  listIssuesWithLabel: "read",
  getIssue: "read",
  listLabels: "read",
  listComments: "read",
  getFile: "read",
  compareCommits: "read",
  getBranchSha: "read",
  getPullRequest: "read",
  findOpenPullRequest: "read",
  listPullRequestFiles: "read",
  createIssue: "write",
  updateIssue: "write",
  addSubIssue: "write",
  addBlockedBy: "write",
  removeBlockedBy: "write",
  createLabel: "write",
  createComment: "write",
  updateComment: "write",
  putFile: "write",
  createCheckRun: "write",
  updateCheckRun: "write",
  setBranch: "write",
  createPullRequest: "write",
  updatePullRequest: "write",
};

/** Runs one gateway call (`call`), knowing which method it is: the place to wait, retry or translate errors. */
export type AroundCall = <R>(method: GatewayMethod, call: () => Promise<R>) => Promise<R>;

export interface WrapOptions<X extends object> {
  /** Put around every call (after `replace`). */
  around?: AroundCall;
  /** Methods answered otherwise; the others go to the inner gateway. */
  replace?: Partial<Pick<Gateway, GatewayMethod>>;
  /** Capabilities beside the Gateway contract (e.g. readTree), kept as they are. */
  add?: X;
}

/**
 * The one way to put something around a Gateway (pacing, the CLI's error
 * wording, answering some reads from memory, adding a capability). Every
 * method of GATEWAY_METHODS the inner gateway has is forwarded, bound to it,
 * whatever kind of object it is (a record of closures, a class, a Proxy);
 * an optional method it lacks (addSubIssue) stays absent.
 */
export function wrapGateway<X extends object = Record<never, never>>(
  inner: Gateway,
  options: WrapOptions<X> = {},
): Gateway & X {
  const wrapped: Record<string, unknown> = {};
  for (const method of Object.keys(GATEWAY_METHODS) as GatewayMethod[]) {
    const own = options.replace?.[method] ?? inner[method]?.bind(inner);
    if (typeof own !== "function") continue;
    const call = own as (...args: unknown[]) => Promise<unknown>;
    const around = options.around;
    wrapped[method] = around ? (...args: unknown[]) => around(method, () => call(...args)) : call;
  }
  Object.defineProperty(wrapped, "repo", { get: () => inner.repo, enumerable: true });
  return Object.assign(wrapped, options.add) as unknown as Gateway & X;
}
