/**
 * The environment a bench starts the App's server process with (`node lib/main.js` or a replica wrapper): the
 * caller's, without the settings that would point it elsewhere (a smee channel, a key file, another webhook path,
 * JSON logs), plus the App's credentials against the fake GitHub on a loopback port. `extra` adds or overrides.
 * Mirrors test/e2e/support/app-process.ts for the benches, which run plain JavaScript.
 */
export function appServerEnv({ fake, privateKey, secret, port, logLevel = "warn", drop = [], extra = {} }) {
  const env = { ...process.env };
  for (const k of ["WEBHOOK_PROXY_URL", "LOG_FORMAT", "NODE_ENV", "PRIVATE_KEY_PATH", "WEBHOOK_PATH", ...drop])
    delete env[k];
  return Object.assign(env, {
    APP_ID: String(fake.appId),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    GHE_HOST: fake.host,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(port),
    NO_SMEE_SETUP: "true",
    LOG_LEVEL: logLevel,
    ...extra,
  });
}
