import { amaCommand } from './ama/index.js';
import { answerCommand } from './answer.js';
import { askCommand } from './ask.js';
import { nextCommand } from './next.js';
import type { SlashCommand } from './command.js';
import { profileCommand } from './profile.js';
import { queueCommand } from './queue.js';

export { componentHandlers } from './buttons/index.js';

/** Every slash command Parley registers and handles. */
export const commands: readonly SlashCommand[] = [amaCommand, askCommand, answerCommand, nextCommand, queueCommand, profileCommand];
