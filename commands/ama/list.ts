import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { renderSessionList } from '../../bot/render/session-summary.js';
import type { CommandContext } from '../command.js';
import { callerOf } from '../guild-context.js';

export async function listSessions({ interaction, services, respond }: CommandContext): Promise<void> {
  const caller = callerOf(interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can list AMAs.');
  const sessions = await services.sessions.list(caller.guildId, 25);
  await respond({ content: renderSessionList(sessions, { heading: "**This server's AMAs** (newest first)" }).content });
}
