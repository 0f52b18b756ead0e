import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { createSyncCommand } from "../../src/cli/sync-command.js";

/** A port on 127.0.0.1 nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe("plan-sync sync when GitHub cannot be reached", () => {
  it("reports a network failure as such (JSON code network), not as GitHub refusing with a 500", async () => {
    const port = await closedPort();
    let stdout = "";
    let stderr = "";
    const command = createSyncCommand({
      env: { GITHUB_TOKEN: "t", GITHUB_API_URL: `http://127.0.0.1:${port}` },
      isTTY: false,
      // Octokit retries a request that got no answer; here without waiting.
      policy: { retryAfterBaseValue: 0 },
    });
    const code = await command.run(["--repo", "acme/plans", "--json"], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      cwd: "/",
    });
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.error.code).toBe("network");
    expect(json.error.message).toBe(
      `could not reach GitHub: connect ECONNREFUSED 127.0.0.1:${port}. Check the network, and GITHUB_API_URL for GitHub Enterprise Server.`,
    );
    expect(stderr).not.toContain("500");
    expect(stderr).not.toContain("refused to");
  });
});
