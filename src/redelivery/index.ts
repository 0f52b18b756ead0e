// The public API of src/redelivery/: redelivering failed webhook deliveries.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { RedisLookLock } from "./redis-look-lock.js";
export { startRedelivery } from "./start-redelivery.js";
