// The public API of src/server/: the HTTP server around the App: health route, graceful shutdown.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { exitOnSignals, GracefulShutdown } from "./graceful-shutdown.js";
export { createHealthRoute } from "./health-route.js";
export { mountRoute } from "./mount-route.js";
export { listSubscribedEvents, type On } from "./subscribed-events.js";
