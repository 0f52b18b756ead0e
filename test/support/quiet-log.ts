/** A log for Octokit that prints nothing: tests expect 4xx answers, which Octokit's request log would otherwise print. */
export const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
