// Write-back: how many commits a burst of issue closes costs (target: one),
// and how many GitHub requests one write-back makes. Replays the burst job's
// window rules (3 s window, virtual clock) and the real engine against an in-memory
// repository that counts every Gateway call.
import { createHash } from "node:crypto";
import { StaleFileError } from "../lib/github/errors.js";
import { renderMarker } from "../lib/render/marker.js";
import { writeBackBurst } from "../lib/write-back/write-back-burst.js";
import { generatePlan } from "./support/generate-plan.js";
import { median } from "./support/stats.js";

export const name = "write-back";

const PATH = "docs/plan.md";
const BOT = "plan-sync[bot]";
const WINDOW_MS = 3000;
const silent = { info: () => {}, warn: () => {} };
const blobSha = (text) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

function taskId(i) {
  return `${["DATA", "GAIN", "EDH"][i % 3]}${Math.floor(i / 3) + 1}`;
}

/** A repository with one plan of `rows` tasks and the app's issue #i+1 for task i. */
function memoryRepo(rows) {
  let text = generatePlan(rows, { linkIssues: true, doneEvery: 2 });
  const issues = new Map();
  for (let i = 0; i < rows; i++) {
    const number = i + 1;
    issues.set(number, {
      number,
      title: `${taskId(i)}: task`,
      body: `Body\n\n${renderMarker({ path: PATH, task: taskId(i), hash: "0123abcd" })}`,
      state: "open",
      stateReason: null,
      labels: [],
      author: BOT,
      htmlUrl: `https://github.com/acme/plans/issues/${number}`,
    });
  }
  const calls = [];
  let commits = 0;
  let conflictsLeft = 0;
  const gateway = {
    repo: { owner: "acme", repo: "plans" },
    async getIssue(n) {
      calls.push("GET issue");
      return issues.get(n) ?? null;
    },
    async getFile() {
      calls.push("GET contents");
      return { path: PATH, text, sha: blobSha(text) };
    },
    async putFile(input) {
      calls.push("PUT contents");
      if (conflictsLeft > 0) {
        conflictsLeft--;
        text = `${text}\nA person's line.\n`;
        throw new StaleFileError(PATH);
      }
      if (input.sha !== blobSha(text)) throw new StaleFileError(PATH);
      text = input.text;
      commits++;
      return `c${commits}`;
    },
    async findOpenPullRequest() {
      calls.push("GET pulls");
      return null;
    },
  };
  return {
    gateway,
    close: (n) => Object.assign(issues.get(n), { state: "closed", stateReason: "completed" }),
    calls,
    commits: () => commits,
    conflictOnNextWrite: () => (conflictsLeft = 1),
  };
}

/**
 * Closes `n` issues `gapMs` apart on a virtual clock; returns the commits made.
 * The burst is the App's delayed write-back job: stored to run a window after
 * its event; an event for the plan while it waits joins it and moves its time
 * to a window later, never past 10 windows after its first event (the merge in
 * src/handlers/issues.ts).
 */
async function burst(n, gapMs) {
  const repo = memoryRepo(Math.max(30, n * 2));
  const runs = [];
  let waiting = null;
  const runIfDue = (t) => {
    if (!waiting || waiting.runAt > t) return;
    runs.push(
      writeBackBurst({
        gateway: repo.gateway,
        path: PATH,
        branch: "main",
        issueNumbers: waiting.numbers,
        identity: BOT,
        links: true,
        log: silent,
      }),
    );
    waiting = null;
  };
  for (let i = 0; i < n; i++) {
    const now = i * gapMs;
    runIfDue(now);
    // Issue #2i+1 is open (every other row is ticked in the generated plan).
    repo.close(2 * i + 1);
    if (waiting) {
      waiting.numbers.push(2 * i + 1);
      waiting.runAt = Math.min(now + WINDOW_MS, waiting.deadline);
    } else waiting = { numbers: [2 * i + 1], runAt: now + WINDOW_MS, deadline: now + WINDOW_MS * 10 };
  }
  runIfDue(Number.MAX_SAFE_INTEGER);
  await Promise.all(runs);
  return repo.commits();
}

async function requestsFor(closes, { conflict = false } = {}) {
  const repo = memoryRepo(300);
  const numbers = Array.from({ length: closes }, (_, i) => 2 * i + 1);
  numbers.forEach((n) => repo.close(n));
  if (conflict) repo.conflictOnNextWrite();
  await writeBackBurst({
    gateway: repo.gateway,
    path: PATH,
    branch: "main",
    issueNumbers: numbers,
    identity: BOT,
    links: true,
    log: silent,
  });
  const tally = {};
  for (const c of repo.calls) tally[c] = (tally[c] ?? 0) + 1;
  return { total: repo.calls.length, tally };
}

async function msPerWriteBack(rows) {
  const times = [];
  for (let run = 0; run < 5; run++) {
    const repo = memoryRepo(rows);
    repo.close(1);
    const start = performance.now();
    await writeBackBurst({
      gateway: repo.gateway,
      path: PATH,
      branch: "main",
      issueNumbers: [1],
      identity: BOT,
      links: true,
      log: silent,
    });
    if (run >= 1) times.push(performance.now() - start);
  }
  return median(times);
}

export async function run() {
  const paces = [
    { label: "bulk close from the issue list (200 ms apart)", gap: 200 },
    { label: "one by one (1.5 s apart)", gap: 1500 },
  ];
  const sizes = [1, 3, 10, 50];
  const rows = [];
  for (const pace of paces) {
    const cells = [];
    for (const n of sizes) cells.push(await burst(n, pace.gap));
    rows.push({ label: pace.label, cells });
  }
  const requests = [];
  for (const [closes, conflict] of [
    [1, false],
    [10, false],
    [1, true],
  ])
    requests.push({ closes, conflict, ...(await requestsFor(closes, { conflict })) });
  const timing = [];
  for (const r of [300, 2000]) timing.push({ rows: r, ms: await msPerWriteBack(r) });

  const fmt = (t) =>
    Object.entries(t)
      .map(([k, v]) => `${v}× ${k}`)
      .join(", ");
  const summary = [
    ...rows.map((r) => `commits for ${sizes.map((n, i) => `${n}→${r.cells[i]}`).join(", ")} closes, ${r.label}`),
    ...requests.map(
      (r) =>
        `${r.closes} close(s)${r.conflict ? " with one concurrent human commit" : ""}: ${r.total} gateway requests (${fmt(r.tally)})`,
    ),
    ...timing.map((t) => `engine time per write-back, ${t.rows}-row plan: ${t.ms.toFixed(1)} ms`),
  ].join("\n");
  const markdown = [
    `Commits per burst: the write-back job's window rules (window ${WINDOW_MS / 1000} s, at most ${(WINDOW_MS * 10) / 1000} s from a burst's first event to its write) on a virtual clock, closes at a steady pace. Target: one commit per burst. A person closing issues one by one for more than 30 s gets a commit every 30 s by design, so the plan never lags far behind the issues.`,
    "",
    `| Pace | ${sizes.map((n) => `${n} close${n === 1 ? "" : "s"}`).join(" | ")} |`,
    `|---|${sizes.map(() => "---:").join("|")}|`,
    ...rows.map((r) => `| ${r.label} | ${r.cells.map((c) => `${c} commit${c === 1 ? "" : "s"}`).join(" | ")} |`),
    "",
    "Requests per write-back (Gateway calls on a 300-row plan). The handler adds, per burst, the config read (`.github/plan-sync.yml`, plus Probot's probe of the owner's `.github` repository when absent) and, once per process, `GET /app` for the bot login.",
    "",
    "| Burst | Requests | Of which |",
    "|---|---:|---|",
    ...requests.map(
      (r) =>
        `| ${r.closes} close${r.closes === 1 ? "" : "s"}${r.conflict ? ", a person commits between read and write" : ""} | ${r.total} | ${fmt(r.tally)} |`,
    ),
    "",
    "Engine time per write-back (median of 4 after a warm-up). Almost all of it is parsing: the engine parses the plan once to scope the wish (tasks still present, what changes), and `patchPlan` parses it again and re-parses the result to verify, so three parses per attempt. It runs on the repository queue, not in the webhook request, but parsing is synchronous.",
    "",
    "| Plan | Time |",
    "|---|---:|",
    ...timing.map((t) => `| ${t.rows} task rows | ${t.ms.toFixed(1)} ms |`),
  ].join("\n");
  return { summary, markdown };
}
