/** People kept committing to the plan between our read and our write, more often than we retry. */
export class WriteBackConflictError extends Error {
  constructor(
    readonly path: string,
    readonly branch: string,
    readonly attempts: number,
  ) {
    super(
      `${path} on ${branch} changed under plan-sync ${attempts} times in a row; nothing written, the next event retries`,
    );
    this.name = "WriteBackConflictError";
  }
}
