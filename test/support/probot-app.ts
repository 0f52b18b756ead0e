import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit, type ApplicationFunction, type Logger } from "probot";
import type { FakeGitHub } from "./fake-github/index.js";

let keyPair: { privateKey: string; publicKey: string } | null = null;

/** One RSA key per test process: generating it costs ~100 ms, and nothing depends on it being fresh. */
export function appKeyPair(): { privateKey: string; publicKey: string } {
  keyPair ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return keyPair;
}

export interface TestProbotOptions {
  /** Keep Octokit's throttling (rate-limit waits) on; off by default so failures surface at once. */
  throttle?: boolean;
  /** Keep @octokit/plugin-retry on; off by default for the same reason. */
  retry?: boolean;
  /** Defaults to a silent logger. */
  log?: Logger;
  secret?: string;
}

/**
 * A Probot wired to the fake: real App JWT (verified by the fake against the
 * key generated here) → installation token → `context.octokit.rest`. Tests
 * then `await probot.receive({ id, name, payload })`.
 */
export async function createTestProbot(
  fake: FakeGitHub,
  appFn: ApplicationFunction,
  opts: TestProbotOptions = {},
): Promise<Probot> {
  const { privateKey, publicKey } = appKeyPair();
  fake.setAppPublicKey(publicKey);
  const probot = new Probot({
    appId: fake.appId,
    privateKey,
    baseUrl: fake.url,
    secret: opts.secret ?? "test-secret",
    log: opts.log ?? pino({ level: "silent" }),
    // The function form: the object form leaves throttling on in Probot 14.3.2 (see DEVELOPERS.md).
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      ...(opts.retry ? {} : { retry: { enabled: false } }),
      ...(opts.throttle ? {} : { throttle: { ...(o.throttle as object | undefined), enabled: false } }),
    })),
  });
  await probot.load(appFn);
  return probot;
}

/** Environment for `probot run` against the fake (the end-to-end test of the real server). */
export function probotRunEnv(fake: FakeGitHub, secret: string): Record<string, string> {
  const { privateKey, publicKey } = appKeyPair();
  fake.setAppPublicKey(publicKey);
  return {
    APP_ID: String(fake.appId),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    GHE_HOST: fake.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "warn",
  };
}
