import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { fullDateTime, relativeTime } from '../../bot/render/timestamps.js';
import { afterClose } from '../../jobs/processors/close-session.js';
import type { Session } from '../../storage/model.js';
import type { CommandContext } from '../command.js';
import { callerOf, type Caller } from '../guild-context.js';
import { resolveSession } from '../resolve-session.js';

// /ama start, end and cancel: a moderator moving a session along by hand. Each is one atomic
// transition in Redis; the jobs it makes obsolete are removed, and any that slip through find
// the session already moved and do nothing.

function requireModerator(ctx: CommandContext): Caller {
  const caller = callerOf(ctx.interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can run AMAs.');
  return caller;
}

const requestedSession = (ctx: CommandContext) => ctx.interaction.options.getInteger('session');

export async function startSession(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const { sessions, scheduler, now } = ctx.services;
  const session = await resolveSession(sessions, caller, { requested: requestedSession(ctx), statuses: ['scheduled'], action: 'start' });
  const outcome = await sessions.open(caller.guildId, session.id, now(), 'now');
  if (outcome !== 'opened') throw new UserError(`Session #${session.id} could not be opened: it is ${outcome}.`);
  const ref = { guildId: caller.guildId, sessionId: session.id };
  await scheduler.syncSession(ref, 'opened');
  await scheduler.dropOpenJob(session);
  await scheduler.dropReminders(session);
  await ctx.respond({
    content: `AMA **#${session.id}** is open in <#${session.channelId}> until ${fullDateTime(session.endsAt)} (${relativeTime(session.endsAt)}).`,
  });
}

export async function endSession(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const { sessions, scheduler, now } = ctx.services;
  const session = await resolveSession(sessions, caller, { requested: requestedSession(ctx), statuses: ['open'], action: 'end' });
  const outcome = await sessions.close(caller.guildId, session.id, now(), 'now');
  if (outcome !== 'closed') throw new UserError(`Session #${session.id} could not be ended: it is ${outcome}.`);
  await afterClose({ guildId: caller.guildId, sessionId: session.id }, scheduler);
  await scheduler.dropCloseJob(session);
  await ctx.respond({
    content: `AMA **#${session.id}** has ended. ${answeredLine(session)} The archive is being published in <#${session.archiveChannelId}>.`,
  });
}

export async function cancelSession(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const { sessions, scheduler, now } = ctx.services;
  const session = await resolveSession(sessions, caller, {
    requested: requestedSession(ctx),
    statuses: ['scheduled', 'open'],
    action: 'cancel',
  });
  const outcome = await sessions.cancel(caller.guildId, session.id, now());
  if (outcome !== 'cancelled') throw new UserError(`Session #${session.id} could not be cancelled: it is ${outcome}.`);
  await scheduler.syncSession({ guildId: caller.guildId, sessionId: session.id }, 'cancelled');
  await scheduler.dropOpenJob(session);
  await scheduler.dropCloseJob(session);
  await scheduler.dropReminders(session);
  await sessions.clearActive(caller.guildId, session.id);
  await ctx.respond({ content: `AMA **#${session.id}** is cancelled. No archive will be published.` });
}

function answeredLine(session: Session): string {
  return `${session.answeredCount} of ${session.questionCount} questions were answered.`;
}
