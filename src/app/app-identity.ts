/** The slice of an Octokit that can ask GitHub who the App is (`GET /app`, sent with the App's JWT). */
export interface AppIdentityOctokit {
  rest: { apps: { getAuthenticated(): Promise<{ data: { slug?: string } | null }> } };
}

export type AppIdentityResolver = (octokit: AppIdentityOctokit) => Promise<string>;

/**
 * The App's bot login, `<slug>[bot]`, asked of GitHub once per process: the
 * slug differs per registration (staging, GHES), so it cannot be hard-coded.
 * `apps.getAuthenticated` needs the App's JWT, not an installation token;
 * Probot's event octokit sends `/app` requests with the JWT by itself (the
 * auth-app hook), so handlers can pass `context.octokit` and get what
 * `(await app.auth()).rest.apps.getAuthenticated()` would return. A failed
 * lookup is not cached, so the next event tries again.
 */
export function createAppIdentityResolver(): AppIdentityResolver {
  let pending: Promise<string> | null = null;
  return (octokit) => {
    pending ??= octokit.rest.apps.getAuthenticated().then(
      ({ data }) => {
        if (!data?.slug) throw new Error("GitHub answered GET /app without the App's slug");
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
