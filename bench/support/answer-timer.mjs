// Loaded into the App's server process by bench/store-answer.js (`node --import`), never by the App itself: times
// each webhook POST inside the server, from the request's arrival (Node's `request` event: headers parsed) to the
// answer's last byte handed to the socket (`finish`) — the App's own store + answer, without the sender or loopback.
// Also records the garbage collector's pauses, to tell which slow answers met one. On SIGUSR2 it writes both to the
// file named by PLAN_SYNC_BENCH_TIMINGS.
import http from "node:http";
import { writeFileSync } from "node:fs";
import { PerformanceObserver, performance } from "node:perf_hooks";

const answers = [];
const pauses = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push([e.startTime, e.duration]);
}).observe({ entryTypes: ["gc"] });

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === "request" && req.method === "POST") {
    const start = performance.now();
    res.once("finish", () => answers.push([start, performance.now() - start]));
  }
  return emit.apply(this, arguments);
};

process.on("SIGUSR2", () => writeFileSync(process.env.PLAN_SYNC_BENCH_TIMINGS, JSON.stringify({ answers, pauses })));
