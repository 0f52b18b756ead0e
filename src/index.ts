import type { ApplicationFunction } from "probot";

const app: ApplicationFunction = () => {};

export default app;
