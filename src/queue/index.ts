// The public API of src/queue/: the job queue (SQLite or Redis) and its retry policy.
// What other folders use; test/lint/public-index.test.ts pins the names.
export {
  type EnqueueOutcome,
  type JobOutcome,
  type JobQueue,
  type JobSpec,
  type Json,
  type QueueStats,
  type StopResult,
  type StoredJob,
  type SupersedeMerge,
} from "./job-queue.js";
export { openJobQueue } from "./open-job-queue.js";
export { classifyFailure, describeRetry, nextRetryAt } from "./retry-policy.js";
