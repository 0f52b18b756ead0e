// The Redis backend for several replicas, against a real redis-server started
// here on a free loopback port (Debian's package; `apt-get install -y redis-server`):
// - jobs/s through RedisJobQueue: enqueue (stored, as a webhook is answered) and
//   run no-op jobs spread over 20 repositories, two queue objects = two replicas;
// - the shared write budget: two replicas writing 307 times for one installation
//   (a 300-task first sync's writes) through RedisWritePacerRegistry at 20× speed,
//   elapsed against what 80 writes a minute allows, and how many writes any sliding
//   minute would have refused (GitHub's secondary limit counts per installation).
import { performance } from "node:perf_hooks";
import { RedisWritePacerRegistry } from "../lib/github/redis-write-pacer.js";
import { RedisJobQueue } from "../lib/queue/redis-job-queue.js";
import { startRedis } from "./support/redis-server.js";

export const name = "redis";

const JOBS = 2000;
const WRITES = 307;
const TIME_SCALE = 20;

async function jobsPerSecond(url) {
  const options = { url, prefix: `bench-${Date.now()}`, log: { warn() {}, error() {} } };
  const a = new RedisJobQueue(options);
  const b = new RedisJobQueue(options);
  let ran = 0;
  const runner = async () => {
    ran++;
    return { kind: "done" };
  };
  await a.start(runner);
  await b.start(runner);
  const enqueueMs = [];
  const start = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const t = performance.now();
    await (i % 2 ? a : b).enqueue({ kind: "bench", repo: `acme/r${i % 20}`, installationId: 1, payload: i });
    enqueueMs.push(performance.now() - t);
  }
  await a.onIdle();
  const seconds = (performance.now() - start) / 1000;
  await a.stop(0);
  await b.stop(0);
  await a.close();
  await b.close();
  enqueueMs.sort((x, y) => x - y);
  const p = (q) => enqueueMs[Math.min(enqueueMs.length - 1, Math.floor(q * enqueueMs.length))];
  return { ran, seconds, rate: ran / seconds, p50: p(0.5), p99: p(0.99) };
}

async function sharedBudget(url) {
  const prefix = `bench-pace-${Date.now()}`;
  const replicas = [0, 1].map(() => new RedisWritePacerRegistry(url, { prefix, timeScale: TIME_SCALE }));
  const times = [];
  const start = performance.now();
  let next = 0;
  await Promise.all(
    replicas.map(async (registry) => {
      while (next < WRITES) {
        next++;
        await registry.for("installation:1").acquire();
        times.push(performance.now());
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  // The grants as the pacer recorded them, on Redis's clock: what it promises to keep under the ceiling.
  const { Redis } = await import("ioredis");
  const client = new Redis(url);
  const recorded = (await client.zrange(`${prefix}:ps:pace:installation:1:granted`, 0, -1, "WITHSCORES"))
    .filter((_, i) => i % 2 === 1)
    .map(Number);
  client.disconnect();
  for (const r of replicas) r.close();
  times.sort((x, y) => x - y);
  const minute = 60_000 / TIME_SCALE;
  // As the fake GitHub's ContentCreationLimit admits them: a write is refused when 80 admitted ones fall in the
  // minute before it (a refused write is not counted, as at GitHub).
  const refusals = (stamps) => {
    let refused = 0;
    const admitted = [];
    for (const t of stamps) {
      if (admitted.filter((u) => u > t - minute).length >= 80) refused++;
      else admitted.push(t);
    }
    return refused;
  };
  const refused = refusals(recorded);
  const refusedWallClock = refusals(times);
  // The ceiling's sustained rate: the first write at once, then one every 60/80 s.
  const ceiling = ((WRITES - 1) * minute) / 80 / 1000;
  return { elapsed, ceiling, ratio: elapsed / ceiling, refused, refusedWallClock, writes: times.length };
}

export async function run() {
  const redis = await startRedis();
  try {
    const jobs = await jobsPerSecond(redis.url);
    const pace = await sharedBudget(redis.url);
    const summary =
      `jobs: ${jobs.ran} in ${jobs.seconds.toFixed(2)} s = ${jobs.rate.toFixed(0)} jobs/s; enqueue p50 ${jobs.p50.toFixed(2)} ms, p99 ${jobs.p99.toFixed(2)} ms\n` +
      `shared budget: ${pace.writes} writes by two replicas in ${pace.elapsed.toFixed(2)} s, ceiling ${pace.ceiling.toFixed(2)} s → ${pace.ratio.toFixed(2)}×, ${pace.refused} that the minute ceiling would refuse (${pace.refusedWallClock} by the replicas' clocks)`;
    const markdown = [
      `Real \`redis-server\` on loopback. Two \`RedisJobQueue\` objects (two replicas) enqueue and run ${JOBS} no-op jobs over 20 repositories: **${jobs.rate.toFixed(0)} jobs/s** end to end (${jobs.seconds.toFixed(2)} s); storing a job (what a webhook answer waits for) p50 **${jobs.p50.toFixed(2)} ms**, p99 **${jobs.p99.toFixed(2)} ms**. A job's own work (GitHub requests) dwarfs this: a push sync takes seconds.`,
      "",
      `Shared write budget: two replicas write ${pace.writes} times for one installation (the writes of a 300-task first sync) through \`RedisWritePacerRegistry\`, clocks at ${TIME_SCALE}× (a minute lasts ${60 / TIME_SCALE} s): **${pace.elapsed.toFixed(2)} s** against the ${pace.ceiling.toFixed(2)} s that 80 writes a minute allow → **${pace.ratio.toFixed(2)}×** (target ≤ 1.2×), **${pace.refused}** writes the fake GitHub's sliding-minute ceiling would refuse, counted at the moments the pacer granted them on Redis's clock (target 0); counted instead when each replica's \`acquire()\` returned (its own clock, after the reply's trip and timer jitter on this loaded 2-core machine): ${pace.refusedWallClock}. This measures the pacing the two replicas share; a whole first sync by two replica processes against the fake GitHub is the \`replicas\` benchmark below.`,
    ].join("\n");
    return { summary, markdown };
  } finally {
    redis.stop();
  }
}
