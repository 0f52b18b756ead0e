// A plan-sync replica for the two-replica benchmark and scenario test: the App
// built by the real composition root (lib/app/create-app.js) and served by
// Probot's runner with our Octokit class, exactly as `node lib/main.js` does,
// except that its shared write pacer's minute lasts 60 s / SCALE
// (`node scaled-replica.js SCALE`), to match a fake GitHub whose limit
// windows run SCALE times faster. A 300-task first sync at 80 writes a
// minute then takes seconds instead of four minutes. Everything else (jobs,
// leases, idempotency in Redis, retries, the HTTP server) is the production code.
// Needs REDIS_URL; the rest of the environment is main.js's.
import { run } from "probot";
import { createApp } from "../../../lib/app/create-app.js";
import { readSettings } from "../../../lib/config/settings.js";
import { createProbotOctokit } from "../../../lib/github/octokit-options.js";
import { RedisWritePacerRegistry } from "../../../lib/github/redis-write-pacer.js";

const timeScale = Number(process.argv[2] ?? "1");
if (!(timeScale > 0))
  throw new Error(`scaled-replica: the time scale must be a positive number, got ${process.argv[2]}`);
const settings = readSettings(process.env);
if (!settings.redis) throw new Error("scaled-replica: REDIS_URL is required");

// The margin the pacer keeps for writes that reach GitHub late is real time (a stall, the network), as in production.
const pacers = new RedisWritePacerRegistry(settings.redis.url, {
  prefix: settings.redis.prefix,
  timeScale,
  windowMarginMs: 500,
});
await run((probot, options) => createApp({ settings, pacers }).app(probot, options), {
  Octokit: createProbotOctokit({ pacers }),
});
