import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { renderSessionOverview } from '../../bot/render/session-summary.js';
import type { CommandContext } from '../command.js';
import { callerOf } from '../guild-context.js';

export async function listSessions({ interaction, services, respond }: CommandContext): Promise<void> {
  const caller = callerOf(interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can list AMAs.');
  // Newest starts first: every upcoming and open session, and the recently ended ones, are among them.
  const sessions = await services.sessions.list(caller.guildId, 100);
  await respond({ content: renderSessionOverview(sessions, services.now()).content });
}
