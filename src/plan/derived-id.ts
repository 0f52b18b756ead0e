/**
 * IDs for tasks written without one: a task table with no ID column
 * (`Task | Description | Status`) or a checklist of tasks with no IDs
 * (`- [ ] Set up the database`). The ID is a slug of the task's own words
 * (`set-up-the-database`), not its position: inserting, moving or deleting
 * another task leaves every other task's ID — and so its issue — as it was.
 * Rewording a task's name gives it a new ID (its old issue is closed as not
 * planned, a new one opened); docs/plan-format.md says so, and an ID column
 * is the way to keep an issue through renames.
 */
const MAX_WORDS = 6;
const MAX_LENGTH = 48;

export function slugId(description: string): string {
  // `(files: src/render.ts)` and the like are notes on the task, not its name.
  const named = plainWords(description).replace(/\s*\([^()]*\)/g, " ");
  const words = (named.trim() === "" ? plainWords(description) : named)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  let slug = "";
  for (const word of words.slice(0, MAX_WORDS)) {
    const next = slug === "" ? word : `${slug}-${word}`;
    if (next.length > MAX_LENGTH && slug !== "") break;
    slug = next.slice(0, MAX_LENGTH);
  }
  return slug === "" ? "task" : slug;
}

/** The words of inline Markdown: link text without its URL, no emphasis, code or strike markers. */
export function plainWords(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_~`]+/g, "")
    .trim();
}

/**
 * Hands out slugs unique within one plan: the second `Write tests` is
 * `write-tests-2`, the third `write-tests-3`, in the order they appear.
 */
export class DerivedIds {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const id of reserved) this.taken.add(id);
  }

  next(description: string): string {
    const base = slugId(description);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }
}
