/**
 * The branch a write-back goes to when the default branch is protected:
 * one per plan file, so two plans' pull requests never fight over a branch,
 * and the same plan always reuses (and updates) its one pull request.
 * Only [a-z0-9-] survive, which is always a valid ref name.
 */
export function writeBackBranch(path: string): string {
  const slug = path
    .replace(/\.(md|markdown)$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `plan-sync/${slug || "plan"}`;
}
