import { checkCommand } from "./check-command.js";
import type { Command } from "./command.js";
import { previewCommand } from "./preview-command.js";
import { syncCommand } from "./sync-command.js";

/** Every subcommand, in the order the usage lists them. A new command is one import and one entry. */
export const commands: readonly Command[] = [checkCommand, previewCommand, syncCommand];
