/** The slice of Probot's (pino) logger the engine uses, so tests and the CLI can pass their own. */
export interface WriteBackLogger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: WriteBackLogger = { info: () => {}, warn: () => {} };
