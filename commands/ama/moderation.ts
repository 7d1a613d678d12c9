import { UserError } from '../../bot/errors.js';
import { canModerate } from '../../bot/permissions.js';
import { MAX_HOSTS } from '../../storage/model.js';
import type { CommandContext } from '../command.js';
import { callerOf, displayName, type Caller } from '../guild-context.js';
import { resolveSession } from '../resolve-session.js';
import { cleanLine } from '../text-input.js';

// /ama cohost add|remove, /ama hide, /ama ban: moderators shaping a session while it runs.

function requireModerator(ctx: CommandContext): Caller {
  const caller = callerOf(ctx.interaction);
  if (!canModerate(caller.permissions)) throw new UserError('Only moderators (Manage Events) can do that.');
  return caller;
}

const sessionIn = (ctx: CommandContext, caller: Caller, action: string) =>
  resolveSession(ctx.services.sessions, caller, {
    requested: ctx.interaction.options.getInteger('session'),
    statuses: ['open', 'scheduled'],
    action,
  });

export async function addCohost(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const session = await sessionIn(ctx, caller, 'add a co-host to');
  const user = ctx.interaction.options.getUser('user', true);
  if (user.bot) throw new UserError('Co-hosts must be people, not bots.');
  if (user.id === session.host.id || session.cohosts.some((c) => c.id === user.id)) {
    throw new UserError(`<@${user.id}> is already a host of AMA #${session.id}.`);
  }
  if (session.cohosts.length >= MAX_HOSTS - 1) throw new UserError(`AMA #${session.id} already has ${MAX_HOSTS} hosts, the most it can have.`);
  const titleOption = ctx.interaction.options.getString('title');
  const title =
    titleOption !== null
      ? cleanLine(titleOption, { label: 'The title', max: 100 })
      : await ctx.services.profiles.getTitle(caller.guildId, user.id);
  const cohost = { id: user.id, name: displayName(ctx.interaction.options.getMember('user'), user), title };
  await ctx.services.sessions.setCohosts(session, [...session.cohosts, cohost]);
  await ctx.respond({ content: `<@${user.id}> now co-hosts AMA **#${session.id}** and can answer with /answer and /next.` });
}

export async function removeCohost(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const session = await sessionIn(ctx, caller, 'remove a co-host from');
  const user = ctx.interaction.options.getUser('user', true);
  if (!session.cohosts.some((c) => c.id === user.id)) throw new UserError(`<@${user.id}> is not a co-host of AMA #${session.id}.`);
  await ctx.services.sessions.setCohosts(session, session.cohosts.filter((c) => c.id !== user.id));
  await ctx.respond({ content: `<@${user.id}> no longer co-hosts AMA **#${session.id}**. Answers they gave stay credited to them.` });
}

export async function hideQuestion(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const session = await resolveSession(ctx.services.sessions, caller, {
    requested: ctx.interaction.options.getInteger('session'),
    statuses: ['open', 'scheduled', 'closed'],
    action: 'hide a question in',
  });
  const number = ctx.interaction.options.getInteger('question', true);
  const result = await ctx.services.questions.moderate(caller.guildId, session.id, number, 'hide', caller.userId, ctx.services.now());
  if (result.outcome === 'unknown-question') throw new UserError(`There is no Q${number} in AMA #${session.id}.`);
  if (result.outcome !== 'done') throw new UserError(`Q${number} cannot be hidden (it is ${result.status ?? 'not visible'}).`);
  const ref = { guildId: caller.guildId, sessionId: session.id };
  await ctx.services.scheduler.syncQuestion({ ...ref, number }, 'hidden');
  if (session.status === 'closed') await ctx.services.scheduler.republishArchive(ref);
  await ctx.respond({ content: `Hid **Q${number}**: it is gone from the queue and the archive, and its message says it was hidden.` });
}

export async function banAsker(ctx: CommandContext): Promise<void> {
  const caller = requireModerator(ctx);
  const session = await sessionIn(ctx, caller, 'ban a member from');
  const user = ctx.interaction.options.getUser('user', true);
  const added = await ctx.services.questions.ban(caller.guildId, session.id, user.id);
  await ctx.respond({
    content: added
      ? `<@${user.id}> can no longer ask in AMA **#${session.id}**. Their questions so far stay; hide any with \`/ama hide\`.`
      : `<@${user.id}> was already banned from asking in AMA #${session.id}.`,
  });
}
