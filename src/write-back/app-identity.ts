/** The slice of an Octokit needed to ask GitHub who the app is. */
export interface AppLookupOctokit {
  request(route: "GET /app"): Promise<{ data: { slug?: string } | null }>;
}

/**
 * The app's bot login (`<slug>[bot]`), asked of GitHub once per process: the
 * slug differs per registration (staging, GHES), so it cannot be hard-coded.
 * An installation Octokit from Probot answers `GET /app` with the app's JWT.
 * A failed lookup is not cached, so the next event tries again.
 */
export function createIdentityResolver(): (octokit: AppLookupOctokit) => Promise<string> {
  let pending: Promise<string> | null = null;
  return (octokit) => {
    pending ??= octokit.request("GET /app").then(
      ({ data }) => {
        if (!data?.slug) throw new Error("GET /app returned no slug");
        return `${data.slug}[bot]`;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
}
