import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";

/**
 * A replica closed while BullMQ is still starting up: BullMQ cuts a connection whose Redis version check is in flight,
 * and that check's failure must not surface as an unhandled rejection (it would end the App's process on its way out,
 * and it failed CI once, by timing, in the worker-lifecycle test). The timing is made certain here by a stand-in Redis
 * that answers a connection's first INFO (ioredis's ready check) and never its second (BullMQ's version check).
 */
interface StallingRedis {
  readonly url: string;
  /** Resolves once `count` connections have sent the INFO that is never answered. */
  stalled(count: number): Promise<void>;
  /** Connections still open. */
  open(): number;
  close(): Promise<void>;
}

function stallingRedis(): Promise<StallingRedis> {
  const sockets = new Set<Socket>();
  let stalls = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  const onStall = () => {
    stalls++;
    for (const w of waiting) if (stalls >= w.count) w.resolve();
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let infos = 0;
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      for (;;) {
        const command = readCommand(buffered);
        if (!command) return;
        buffered = buffered.slice(command.length);
        const name = command.args[0]?.toLowerCase();
        if (name === "info" && infos++ === 0) {
          const info = "# Server\r\nredis_version:7.2.0\r\nloading:0\r\n";
          socket.write(`$${Buffer.byteLength(info)}\r\n${info}\r\n`);
        } else if (name === "info") {
          onStall();
        } else {
          socket.write("+OK\r\n");
        }
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `redis://127.0.0.1:${port}`,
        stalled: (count) =>
          new Promise<void>((resolve) => {
            waiting.push({ count, resolve });
            if (stalls >= count) resolve();
          }),
        open: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}

/** One RESP array command (`*N\r\n$len\r\narg\r\n…`) at the start of `text`, or null while it is incomplete. */
function readCommand(text: string): { args: string[]; length: number } | null {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return null;
  let at = header[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const bulk = /^\$(\d+)\r\n/.exec(text.slice(at));
    if (!bulk) return null;
    const start = at + bulk[0].length;
    const end = start + Number(bulk[1]);
    if (text.length < end + 2) return null;
    args.push(text.slice(start, end));
    at = end + 2;
  }
  return { args, length: at };
}

let fake: StallingRedis | undefined;
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

afterEach(async () => {
  process.off("unhandledRejection", record);
  await fake?.close();
});

async function settled(redis: StallingRedis): Promise<void> {
  // The cut connections' failures arrive on their sockets' close events, after close() has returned.
  for (let i = 0; i < 200 && redis.open() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const quiet = { warn: () => {}, error: () => {} };

describe("Redis job queue closed while BullMQ starts up", () => {
  it("closed before its worker starts: no unhandled rejection, no connection left open", async () => {
    process.on("unhandledRejection", record);
    fake = await stallingRedis();
    const queue = new RedisJobQueue({ url: fake.url, prefix: "starting", log: quiet });
    await fake.stalled(1);
    await queue.close();
    await settled(fake);
    expect(fake.open()).toBe(0);
    expect(unhandled).toEqual([]);
  });

  it("closed while its worker starts: the start fails, and nothing else does", async () => {
    process.on("unhandledRejection", record);
    fake = await stallingRedis();
    const queue = new RedisJobQueue({ url: fake.url, prefix: "starting", log: quiet });
    const started = queue
      .start(async () => ({ kind: "done" }))
      .then(
        () => "started",
        () => "failed",
      );
    // The queue's connection and the worker's two.
    await fake.stalled(3);
    await queue.close();
    await settled(fake);
    expect(await started).toBe("failed");
    expect(fake.open()).toBe(0);
    expect(unhandled).toEqual([]);
  });

  it("stopped while its worker starts, then closed: no unhandled rejection", async () => {
    process.on("unhandledRejection", record);
    fake = await stallingRedis();
    const queue = new RedisJobQueue({ url: fake.url, prefix: "starting", log: quiet });
    const started = queue.start(async () => ({ kind: "done" })).catch(() => {});
    await fake.stalled(3);
    await queue.stop(0);
    await queue.close();
    await settled(fake);
    await started;
    expect(fake.open()).toBe(0);
    expect(unhandled).toEqual([]);
  });
});
