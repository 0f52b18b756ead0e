import { CONFIRM_CLOSE_LINE } from "./mass-close-guard.js";

/** A line of its own reading `plan-sync: confirm-close` (any case, surrounding spaces allowed); a mention inside a sentence does not count. */
export function hasConfirmClose(message: string | null | undefined): boolean {
  if (!message) return false;
  const wanted = CONFIRM_CLOSE_LINE.toLowerCase();
  return message.split(/\r\n|\r|\n/).some((line) => line.trim().toLowerCase() === wanted);
}
