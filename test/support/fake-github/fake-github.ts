import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CallerAuth } from "./caller-auth.js";
import { blobSha } from "./git-model.js";
import { GitHubModel, HttpError, type Caller, type CommitAuthor } from "./model.js";
import { ContentCreationLimit, PrimaryRateMeter, type ContentLimitOptions } from "./rate-limits.js";
import { matchRoute, type Route, type RouteResult } from "./route-kit.js";
import { appRoutes } from "./routes/app-routes.js";
import { HookDeliveryLog, hookDeliveryRoutes } from "./routes/hook-delivery-routes.js";
import { checkRoutes } from "./routes/check-routes.js";
import { commentRoutes } from "./routes/comment-routes.js";
import { contentsRoutes } from "./routes/contents-routes.js";
import { gitRoutes } from "./routes/git-routes.js";
import { issueRoutes } from "./routes/issue-routes.js";
import { labelRoutes } from "./routes/label-routes.js";
import { pullRoutes } from "./routes/pull-routes.js";
import { subIssueRoutes } from "./routes/sub-issue-routes.js";
import { dependencyRoutes } from "./routes/dependency-routes.js";
import { userRoutes } from "./routes/user-routes.js";
import { assertMayWrite, type TokenPermissions } from "./token-permissions.js";
import { Shapes } from "./shapes.js";
import type {
  CheckRun,
  FailureRule,
  Issue,
  IssueComment,
  Label,
  PullRequest,
  RecordedRequest,
  RepoKey,
  StateReason,
} from "./types.js";
import { WebhookPayloads, type PayloadOptions } from "./webhook-payloads.js";

// Order matters: literal segments (issues/comments, commits/:ref/check-runs) before the catch-alls.
const ROUTES: Route[] = [
  ...appRoutes,
  ...userRoutes,
  ...commentRoutes,
  ...subIssueRoutes,
  ...dependencyRoutes,
  ...issueRoutes,
  ...labelRoutes,
  ...checkRoutes,
  ...pullRoutes,
  ...contentsRoutes,
  ...gitRoutes,
];

const ENTERPRISE_PREFIX = "/api/v3";
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const TOKEN_MINT = /^\/app\/installations\/[^/]+\/access_tokens$/;
const SECONDARY_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";
const SECONDARY_LIMIT_DOCS =
  "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

export interface FakeGitHubOptions {
  appId?: number;
  appSlug?: string;
  appName?: string;
  /** Owner account of the App. */
  appOwner?: string;
  /** Clock for timestamps in the model (rate limits always use the real clock). */
  now?: () => Date;
}

/** What an `onRequest` listener sees, before the request is answered. */
export interface RequestInfo {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  caller: string | null;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * An in-memory GitHub behind a real HTTP server (changesets/bot style): it
 * answers in GitHub's documented shapes and records, then 404s, any request
 * it has no route for, so a test fails on calls nobody planned.
 */
export class FakeGitHub {
  readonly model: GitHubModel;
  readonly requests: RecordedRequest[] = [];
  /** The App webhook's delivery log (GET /app/hook/deliveries): tests record what GitHub delivered, and how it went. */
  readonly hookDeliveries: HookDeliveryLog;
  secondaryLimitHits = 0;
  private readonly shapes: Shapes;
  private readonly auth: CallerAuth;
  private readonly payloads: WebhookPayloads;
  private readonly primary = new PrimaryRateMeter();
  private failures: Array<FailureRule & { left: number }> = [];
  private listeners: Array<(request: RequestInfo) => void> = [];
  private contentLimit: ContentCreationLimit | null = null;
  private clockOffsetMs = 0;
  private server: Server | null = null;
  private baseUrl: string | null = null;
  private readonly routes: Route[];

  constructor(options: FakeGitHubOptions = {}) {
    this.model = new GitHubModel(
      {
        id: options.appId ?? 424242,
        slug: options.appSlug ?? "plan-sync",
        name: options.appName ?? "plan-sync",
        owner: options.appOwner ?? "plan-sync-dev",
      },
      () => new Date((options.now?.() ?? new Date()).getTime() + this.clockOffsetMs),
    );
    this.shapes = new Shapes(this.model, () => this.baseUrl ?? "https://api.github.com");
    this.auth = new CallerAuth(this.model);
    this.payloads = new WebhookPayloads(this.model, this.shapes);
    this.hookDeliveries = new HookDeliveryLog(() => this.model.timestamp());
    this.routes = [...hookDeliveryRoutes(this.hookDeliveries), ...ROUTES];
  }

  // ---- lifecycle ---------------------------------------------------------

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    // Keep-alive sockets from fetch would hold close() open otherwise.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `http://127.0.0.1:PORT`; the same API is served under `/api/v3` (GHE_HOST layout). */
  get url(): string {
    if (!this.baseUrl) throw new Error("fake: call start() first");
    return this.baseUrl;
  }

  /** `127.0.0.1:PORT`, for `GHE_HOST` with `GHE_PROTOCOL=http`. */
  get host(): string {
    return new URL(this.url).host;
  }

  get appId(): number {
    return this.model.app.id;
  }

  get appSlug(): string {
    return this.model.app.slug;
  }

  get botLogin(): string {
    return this.model.botLogin;
  }

  // ---- state set-up and inspection ---------------------------------------

  createRepo(
    fullName: string,
    opts: {
      defaultBranch?: string;
      private?: boolean;
      files?: Record<string, string>;
      forkOf?: RepoKey;
      installationId?: number;
    } = {},
  ): RepoRef {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new Error(`fake: repository name must be owner/name, got ${fullName}`);
    this.model.createRepo({
      owner,
      name,
      defaultBranch: opts.defaultBranch,
      private: opts.private,
      files: opts.files,
      forkOf: opts.forkOf,
    });
    if (opts.installationId !== undefined) this.model.install([fullName], { id: opts.installationId });
    return { owner, repo: name };
  }

  /** Installs the App on these repositories; returns the installation id. */
  install(repos: RepoKey[], opts: { id?: number; account?: string } = {}): number {
    return this.model.install(repos, opts);
  }

  /**
   * A token that authenticates as `login` (for @octokit/rest clients): a
   * personal token by default, whose GET /user answers `login`.
   * `installationToken`: one an App minted elsewhere, e.g. a workflow's
   * GITHUB_TOKEN as github-actions[bot]: GET /user refuses it with 403, as
   * GitHub does. `permissions`: writes needing more than granted get 403.
   * `installationId`: a token of that installation (see install), as an App
   * mints one: it may write check runs.
   */
  addToken(
    token: string,
    login: string,
    opts: { installationToken?: boolean; permissions?: TokenPermissions; installationId?: number } = {},
  ): void {
    this.model.tokens.set(token, {
      login,
      installationId: opts.installationId ?? null,
      installationToken: opts.installationToken ?? false,
      ...(opts.permissions ? { permissions: opts.permissions } : {}),
    });
  }

  /** After this, App JWTs must be signed by the matching private key. */
  setAppPublicKey(pem: string): void {
    this.auth.setPublicKey(pem);
  }

  /** Commits `files` (null deletes) onto `branch` (created from the default branch if missing). */
  commit(
    repo: RepoKey,
    branch: string,
    files: Record<string, string | null>,
    message: string,
    author?: CommitAuthor | string,
  ): string {
    return this.model.commit(repo, branch, files, message, typeof author === "string" ? { login: author } : author);
  }

  createBranch(repo: RepoKey, branch: string, from?: string): string {
    const r = this.model.mustRepo(repo);
    const sha = this.model.resolveRef(r, from ?? r.defaultBranch);
    if (!sha) throw new Error(`fake: no ref ${from}`);
    r.branches.set(branch, sha);
    return sha;
  }

  branchHead(repo: RepoKey, branch?: string): string {
    const r = this.model.mustRepo(repo);
    const sha = r.branches.get(branch ?? r.defaultBranch);
    if (!sha) throw new Error(`fake: no branch ${branch}`);
    return sha;
  }

  /** A file's text at a ref (default branch head by default); undefined when absent. */
  file(repo: RepoKey, path: string, ref?: string): string | undefined {
    const r = this.model.mustRepo(repo);
    const sha = this.model.resolveRef(r, ref ?? r.defaultBranch);
    return sha ? this.model.git.get(sha)?.tree.get(path) : undefined;
  }

  fileSha(repo: RepoKey, path: string, ref?: string): string | undefined {
    const text = this.file(repo, path, ref);
    return text === undefined ? undefined : blobSha(text);
  }

  /** Commits on a branch, newest first. */
  log(repo: RepoKey, branch?: string) {
    return this.model.git.commitsBetween(null, this.branchHead(repo, branch)).reverse();
  }

  protectBranch(repo: RepoKey, branch: string): void {
    this.model.mustRepo(repo).protectedBranches.add(branch);
  }

  unprotectBranch(repo: RepoKey, branch: string): void {
    this.model.mustRepo(repo).protectedBranches.delete(branch);
  }

  createIssue(
    repo: RepoKey,
    input: {
      title: string;
      body?: string | null;
      labels?: string[];
      user?: string;
      state?: "open" | "closed";
      stateReason?: StateReason;
    },
  ): Issue {
    return this.model.createIssue(repo, input);
  }

  issue(repo: RepoKey, number: number): Issue | undefined {
    return this.model.mustRepo(repo).issues.get(number);
  }

  /** The sub-issues of an issue, as GitHub lists them: `owner/name#number` in the order they were added. */
  subIssues(repo: RepoKey, number: number): string[] {
    const parent = this.issue(repo, number);
    if (!parent) return [];
    const out: Array<{ ref: string; order: number }> = [];
    for (const r of this.model.repos.values())
      for (const i of r.issues.values())
        if (i.parentId === parent.id) out.push({ ref: `${r.fullName}#${i.number}`, order: i.subIssueOrder ?? 0 });
    return out.sort((a, b) => a.order - b.order).map((o) => o.ref);
  }

  /** The issues an issue is blocked by (issue dependencies), as `owner/name#number` in the order they were added. */
  blockedBy(repo: RepoKey, number: number): string[] {
    const issue = this.issue(repo, number);
    const out: string[] = [];
    for (const id of issue?.blockedBy ?? [])
      for (const r of this.model.repos.values())
        for (const i of r.issues.values()) if (i.id === id) out.push(`${r.fullName}#${i.number}`);
    return out;
  }

  /**
   * An admin deletes the issue (GitHub's web UI or GraphQL `deleteIssue`; REST has no route for it): it is
   * gone from every list and GET answers 404, with no trace a `since` listing could show.
   */
  deleteIssue(repo: RepoKey, number: number): void {
    this.model.deleteIssue(this.model.mustRepo(repo), number);
  }

  /** Issues only (no pull requests), by number. */
  issues(repo: RepoKey): Issue[] {
    return [...this.model.mustRepo(repo).issues.values()]
      .filter((i) => !i.isPullRequest)
      .sort((a, b) => a.number - b.number);
  }

  updateIssue(
    repo: RepoKey,
    number: number,
    changes: {
      title?: string;
      body?: string | null;
      state?: "open" | "closed";
      stateReason?: StateReason;
      labels?: string[];
    },
    by?: string,
  ): Issue {
    const r = this.model.mustRepo(repo);
    return this.model.updateIssue(r, number, changes, this.model.user(by ?? r.owner.login));
  }

  addComment(repo: RepoKey, issueNumber: number, body: string, login?: string): IssueComment {
    return this.model.addComment(repo, issueNumber, body, login);
  }

  comments(repo: RepoKey, issueNumber: number): IssueComment[] {
    return this.model.issueComments(this.model.mustRepo(repo), issueNumber);
  }

  createLabel(repo: RepoKey, label: { name: string; color?: string; description?: string }): Label {
    return this.model.createLabel(repo, label);
  }

  labels(repo: RepoKey): Label[] {
    return [...this.model.mustRepo(repo).labels.values()];
  }

  openPullRequest(
    repo: RepoKey,
    input: {
      head: string;
      base?: string;
      title: string;
      body?: string | null;
      user?: string;
      headRepo?: RepoKey;
      draft?: boolean;
    },
  ): PullRequest {
    return this.model.openPullRequest(repo, input);
  }

  pull(repo: RepoKey, number: number): PullRequest | undefined {
    return this.model.mustRepo(repo).pulls.get(number);
  }

  mergePullRequest(repo: RepoKey, number: number, by?: string): string {
    return this.model.mergePullRequest(repo, number, by);
  }

  checkRuns(repo: RepoKey): CheckRun[] {
    return [...this.model.mustRepo(repo).checkRuns.values()];
  }

  // ---- observability -----------------------------------------------------

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.write);
  }

  get unexpected(): RecordedRequest[] {
    return this.requests.filter((r) => r.unexpected);
  }

  /** Moves GitHub's clock (timestamps, the `Date` header) forward: the next event comes minutes later. */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  resetCounters(): void {
    this.requests.length = 0;
    this.secondaryLimitHits = 0;
    this.primary.reset();
  }

  assertNoUnexpected(): void {
    const unexpected = this.unexpected;
    if (unexpected.length === 0) return;
    const list = unexpected
      .map(
        (r) =>
          `  ${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : ""}`,
      )
      .join("\n");
    throw new Error(`fake GitHub received ${unexpected.length} request(s) it has no route for:\n${list}`);
  }

  // ---- failure injection and limits --------------------------------------

  /** The next `times` (default 1) requests matching method and path get this response instead. */
  failNext(rule: FailureRule): void {
    this.failures.push({ ...rule, left: rule.times ?? 1 });
  }

  /** Shorthand for GitHub's secondary rate limit answer. */
  failNextWithSecondaryLimit(rule: {
    method?: string;
    path: RegExp | string;
    retryAfter?: number;
    times?: number;
  }): void {
    this.failNext({
      method: rule.method,
      path: rule.path,
      times: rule.times,
      status: 403,
      headers: { "retry-after": String(rule.retryAfter ?? 1) },
      body: { message: SECONDARY_LIMIT_MESSAGE, documentation_url: SECONDARY_LIMIT_DOCS },
    });
  }

  /**
   * Runs `listener` on every request before it is routed (e.g. to make a
   * concurrent human commit land between the app's read and its write).
   * Returns a function that removes the listener.
   */
  onRequest(listener: (request: RequestInfo) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** From now on, content-creating requests beyond the ceiling get a 403 secondary rate limit with retry-after. */
  enforceContentCreationLimit(options: ContentLimitOptions = {}): void {
    this.contentLimit = new ContentCreationLimit(options);
  }

  stopEnforcingContentCreationLimit(): void {
    this.contentLimit = null;
  }

  // ---- webhooks ----------------------------------------------------------

  /** `X-Hub-Signature-256` for a payload (the exact string that is sent, or an object to be JSON.stringify'd). */
  sign(payload: string | object, secret: string): string {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  }

  pushPayload(repo: RepoKey, opts: { ref?: string; before?: string; after?: string } & PayloadOptions = {}) {
    return this.payloads.push(repo, opts);
  }

  issuesPayload(
    repo: RepoKey,
    number: number,
    action: string,
    opts: PayloadOptions & { changes?: Record<string, unknown>; label?: string } = {},
  ) {
    return this.payloads.issues(repo, number, action, opts);
  }

  pullRequestPayload(
    repo: RepoKey,
    number: number,
    action: string,
    opts: PayloadOptions & { before?: string; after?: string } = {},
  ) {
    return this.payloads.pullRequest(repo, number, action, opts);
  }

  issueCommentPayload(
    repo: RepoKey,
    commentId: number,
    action: string,
    opts: PayloadOptions & { changes?: Record<string, unknown> } = {},
  ) {
    return this.payloads.issueComment(repo, commentId, action, opts);
  }

  /** POSTs a signed delivery to a running app (end-to-end tests), as GitHub's hookshot does. */
  async deliver(
    webhookUrl: string,
    event: { name: string; payload: object; secret: string; id?: string },
  ): Promise<Response> {
    const body = JSON.stringify(event.payload);
    return fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/fake",
        "x-github-event": event.name,
        "x-github-delivery": event.id ?? randomUUID(),
        "x-hub-signature-256": this.sign(body, event.secret),
      },
      body,
    });
  }

  // ---- HTTP --------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://fake");
    const prefix =
      url.pathname === ENTERPRISE_PREFIX || url.pathname.startsWith(`${ENTERPRISE_PREFIX}/`) ? ENTERPRISE_PREFIX : "";
    const rawPath = url.pathname.slice(prefix.length) || "/";
    const path = safeDecodePath(rawPath);
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    const record: RecordedRequest = {
      method,
      path,
      query,
      body: undefined,
      status: 0,
      write: WRITE_METHODS.has(method) && !TOKEN_MINT.test(path),
      caller: null,
      unexpected: false,
      at: Date.now(),
    };
    this.requests.push(record);

    let result: RouteResult;
    let caller: Caller | null = null;
    try {
      record.body = parseBody(raw);
      caller = this.auth.identify(req.headers.authorization);
      record.caller = caller?.actor.login ?? null;
      for (const listener of [...this.listeners])
        listener({ method, path, query, body: record.body, caller: record.caller });
      result = this.dispatch(
        method,
        rawPath,
        path,
        query,
        record.body,
        caller,
        req,
        `http://${req.headers.host ?? "127.0.0.1"}${prefix}`,
        record,
      );
    } catch (error) {
      result = errorResult(error);
    }
    // The status the client saw: a conditional GET may turn the route's 200 into a 304.
    record.status = this.respond(req, res, method, result, caller);
  }

  private dispatch(
    method: string,
    rawPath: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    caller: Caller | null,
    req: IncomingMessage,
    base: string,
    record: RecordedRequest,
  ): RouteResult {
    const failure = this.failures.find(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (typeof f.path === "string" ? f.path === path : f.path.test(path)),
    );
    if (failure) {
      failure.left--;
      if (failure.left <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return {
        status: failure.status,
        headers: failure.headers,
        body: failure.body ?? { message: failure.status >= 500 ? "Server Error" : "Injected failure (fake)" },
      };
    }
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchRoute(route.pattern, rawPath);
      if (!params) continue;
      if (record.write) assertMayWrite(caller, path);
      if (record.write && this.contentLimit && path.startsWith("/repos/")) {
        const retryAfter = this.contentLimit.admit();
        if (retryAfter !== null) {
          this.secondaryLimitHits++;
          return {
            status: 403,
            headers: { "retry-after": String(retryAfter) },
            body: { message: SECONDARY_LIMIT_MESSAGE, documentation_url: SECONDARY_LIMIT_DOCS },
          };
        }
      }
      const rateKey = caller?.actor.login ?? `anon:${req.socket.remoteAddress}`;
      return route.handler({
        method,
        model: this.model,
        shapes: this.shapes,
        params,
        query,
        body: body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
        caller,
        headers: req.headers,
        selfUrl: `${base}${rawPath}`,
        rate: this.primary.peek(rateKey),
      });
    }
    record.unexpected = true;
    return {
      status: 404,
      body: { message: "Not Found (fake: no route)", documentation_url: "https://docs.github.com/rest" },
    };
  }

  /** Writes the response; returns the status actually sent. */
  private respond(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    result: RouteResult,
    caller: Caller | null,
  ): number {
    let payload: string | null = null;
    let contentType: string | null = null;
    if (result.text) {
      contentType = result.text.contentType;
      payload = result.text.body;
    } else if (result.body !== undefined) {
      contentType = "application/json; charset=utf-8";
      payload = JSON.stringify(result.body);
    }
    let etag: string | null = null;
    let notModified = false;
    if (method === "GET" && result.status === 200 && payload !== null) {
      etag = `W/"${createHash("sha1").update(payload).digest("hex")}"`;
      const inm = req.headers["if-none-match"];
      notModified = !!inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag!.replace(/^W\//, ""));
    }
    // A 304 does not count against the primary limit on GitHub: that is the point of conditional requests.
    const rateKey = caller?.actor.login ?? `anon:${req.socket.remoteAddress}`;
    const rate = notModified ? this.primary.peek(rateKey) : this.primary.count(rateKey);
    const headers: Record<string, string> = {
      // GitHub's clock, as a client reads it for the next `since`: the model's, which a test may move.
      date: this.model.now().toUTCString(),
      "x-github-request-id": randomUUID().toUpperCase(),
      "x-github-media-type": "github.v3; format=json",
      "x-ratelimit-limit": String(rate.limit),
      "x-ratelimit-remaining": String(rate.remaining),
      "x-ratelimit-used": String(rate.used),
      "x-ratelimit-reset": String(rate.reset),
      "x-ratelimit-resource": "core",
      ...result.headers,
    };
    if (etag) headers.etag = etag;
    if (notModified) {
      res.writeHead(304, headers);
      res.end();
      return 304;
    }
    if (contentType) headers["content-type"] = contentType;
    if (payload !== null) headers["content-length"] = String(Buffer.byteLength(payload));
    res.writeHead(result.status, headers);
    res.end(result.status === 204 ? undefined : (payload ?? undefined));
    return result.status;
  }
}

function safeDecodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, "Problems parsing JSON");
  }
}

function errorResult(error: unknown): RouteResult {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: {
        message: error.message,
        documentation_url: "https://docs.github.com/rest",
        status: String(error.status),
        ...error.extra,
      },
    };
  }
  // A bug in the fake: loud, and distinguishable from GitHub's own 500s.
  return {
    status: 500,
    body: {
      message: `fake GitHub crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    },
  };
}
