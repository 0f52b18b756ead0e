// Child process: `node --expose-gc bench/support/measure-memory.js <parsePlan|remark> <rows>`.
// A fresh process per subject, so one subject's heap and RSS high-water mark
// never count against another. Prints one JSON line.
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parsePlan } from "../../lib/plan/parse-plan.js";
import { generatePlan } from "./generate-plan.js";

const [subject, rows] = process.argv.slice(2);
const text = generatePlan(Number(rows), { doneEvery: 3, linkIssues: true });
const processor = unified().use(remarkParse).use(remarkGfm);
const parse = subject === "remark" ? () => processor.parse(text) : () => parsePlan(text, "bench.md");

globalThis.gc();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.resourceUsage().maxRSS * 1024;
const result = parse();
// Without a forced GC in between, this is what the parse allocated and V8 has
// not collected yet: close to the heap's peak, never above it.
const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
const rssAfter = process.resourceUsage().maxRSS * 1024;
globalThis.gc();
const retained = process.memoryUsage().heapUsed - heapBefore;
console.log(JSON.stringify({ subject, heapGrowth, retained, maxRssGrowth: rssAfter - rssBefore, keep: typeof result }));
