/**
 * The Gateway port is the engine's (src/sync/gateway.ts): src/github
 * implements it. Named here too, so the implementations and the features
 * that hold a gateway need not reach into the engine for it.
 */
export type * from "../sync/gateway.js";
