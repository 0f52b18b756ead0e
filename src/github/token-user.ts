/** What `GET /user` needs of an Octokit. */
export interface UserLookup {
  request(route: "GET /user"): Promise<{ data: { login?: string } }>;
}

/** The login of the token's user (`GET /user`); GitHub's refusal is thrown as it came (an installation token gets a 403). */
export async function readTokenLogin(octokit: UserLookup): Promise<string> {
  const { data } = await octokit.request("GET /user");
  if (!data.login) throw new Error("GET /user returned no login");
  return data.login;
}
