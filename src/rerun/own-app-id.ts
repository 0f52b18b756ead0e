/** The slice of Probot's event Octokit that knows which App it authenticates as. */
export interface AppAuthOctokit {
  auth(options: { type: "app" }): Promise<unknown>;
}

export type AppIdReader = (octokit: unknown) => Promise<number | null>;

/**
 * The App's id, without a request: Probot's event Octokit authenticates with
 * the App's credentials (auth-app), and `auth({ type: "app" })` signs a JWT
 * locally and returns the appId it was configured with. Read once per
 * process; null when the Octokit is not an App's (then no check run is ours).
 */
export function createAppIdReader(): AppIdReader {
  let known: number | null = null;
  return async (octokit) => {
    if (known !== null) return known;
    const auth = (octokit as Partial<AppAuthOctokit> | null)?.auth;
    if (typeof auth !== "function") return null;
    try {
      const result = (await auth.call(octokit, { type: "app" })) as { appId?: unknown } | null;
      const id = Number(result?.appId);
      if (Number.isInteger(id) && id > 0) known = id;
    } catch {
      return null;
    }
    return known;
  };
}
