import { execFileSync } from "node:child_process";

// The CLI and end-to-end tests run the compiled output, so the suite builds it
// once up front: `npm test` on a clean clone must not depend on a prior build.
export default function setup(): void {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
}
