/**
 * Guild scheduled events with Discord's validation: external events need a location and an end
 * time, stage/voice events need a matching channel, no start in the past, end after start, and
 * only the legal status transitions (scheduled → active/canceled, active → completed).
 */
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { APIGuildScheduledEvent, APIGuildScheduledEventUser, RESTPostAPIGuildScheduledEventJSONBody } from 'discord-api-types/v10';
import { invalidFormBody, missingPermissions, notFound } from '../errors.js';
import type { RequestContext, RouteDef } from '../router.js';
import { memberToApi } from '../serialize.js';
import { nextSnowflake } from '../snowflake.js';
import type { GuildRecord } from '../state.js';
import { body, noContent, ok, param, queryFlag, requireGuild } from './common.js';
import type { RestDeps } from './common.js';

type EventBody = Partial<RESTPostAPIGuildScheduledEventJSONBody> & { status?: GuildScheduledEventStatus };

const ALLOWED_TRANSITIONS: Record<number, GuildScheduledEventStatus[]> = {
  [GuildScheduledEventStatus.Scheduled]: [GuildScheduledEventStatus.Active, GuildScheduledEventStatus.Canceled],
  [GuildScheduledEventStatus.Active]: [GuildScheduledEventStatus.Completed],
};

/** Users who marked themselves interested, per event id (see StandIn.markInterested). */
export type InterestedUsers = Map<string, Set<string>>;

export function scheduledEventRoutes(deps: RestDeps, interested: InterestedUsers): RouteDef[] {
  const { state } = deps;
  const botId = () => state.botUser.id;

  const dispatch = (t: GatewayDispatchEvents.GuildScheduledEventCreate | GatewayDispatchEvents.GuildScheduledEventUpdate | GatewayDispatchEvents.GuildScheduledEventDelete, event: APIGuildScheduledEvent) =>
    state.dispatcher.dispatch(t, event, { guildId: event.guild_id, intent: GatewayIntentBits.GuildScheduledEvents });

  const canManage = (guild: GuildRecord, creating: boolean) => {
    const perm = creating ? PermissionFlagsBits.CreateEvents : PermissionFlagsBits.ManageEvents;
    if (!state.memberHas(guild.id, botId(), perm) && !state.memberHas(guild.id, botId(), PermissionFlagsBits.ManageEvents)) throw missingPermissions();
  };

  const withCount = (event: APIGuildScheduledEvent, ctx: RequestContext): APIGuildScheduledEvent =>
    queryFlag(ctx, 'with_user_count') ? { ...event, user_count: interested.get(event.id)?.size ?? 0 } : event;

  const find = (ctx: RequestContext) => {
    const guild = requireGuild(state, param(ctx, 'guild_id'));
    const event = guild.scheduledEvents.get(param(ctx, 'guild_scheduled_event_id'));
    if (!event) throw notFound.scheduledEvent();
    return { guild, event };
  };

  /** Shape rules shared by create and edit (on the merged result for edits). */
  const checkShape = (guild: GuildRecord, e: EventBody, isCreate: boolean) => {
    const start = e.scheduled_start_time ? Date.parse(e.scheduled_start_time) : NaN;
    if (Number.isNaN(start)) throw invalidFormBody('scheduled_start_time', 'DATE_TIME_TYPE_PARSE', 'Could not parse scheduled_start_time');
    if (isCreate && start < Date.now()) throw invalidFormBody('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
    const end = e.scheduled_end_time ? Date.parse(e.scheduled_end_time) : undefined;
    if (end !== undefined && !(end > start)) throw invalidFormBody('scheduled_end_time', 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'Cannot schedule event to end before starting.');
    if (e.entity_type === GuildScheduledEventEntityType.External) {
      if (!e.entity_metadata?.location) throw invalidFormBody('entity_metadata.location', 'BASE_TYPE_REQUIRED', 'This field is required');
      if (end === undefined) throw invalidFormBody('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'This field is required');
      if (e.channel_id) throw invalidFormBody('channel_id', 'GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED', 'channel_id must be null for external events');
    } else {
      const channel = e.channel_id ? state.channel(e.channel_id) : undefined;
      const want = e.entity_type === GuildScheduledEventEntityType.StageInstance ? ChannelType.GuildStageVoice : ChannelType.GuildVoice;
      if (!channel || channel.type !== want || state.guildIdOf(channel) !== guild.id) {
        throw invalidFormBody('channel_id', 'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL', 'Invalid channel for this entity type');
      }
    }
  };

  return [
    {
      method: 'GET',
      template: '/guilds/{guild_id}/scheduled-events',
      auth: 'bot',
      handler: (ctx) => ok([...requireGuild(state, param(ctx, 'guild_id')).scheduledEvents.values()].map((e) => withCount(e, ctx))),
    },
    {
      method: 'POST',
      template: '/guilds/{guild_id}/scheduled-events',
      auth: 'bot',
      handler: (ctx) => {
        const guild = requireGuild(state, param(ctx, 'guild_id'));
        canManage(guild, true);
        const b = body<EventBody>(ctx);
        checkShape(guild, b, true);
        const external = b.entity_type === GuildScheduledEventEntityType.External;
        const event = {
          id: nextSnowflake(),
          guild_id: guild.id,
          channel_id: external ? null : (b.channel_id ?? null),
          creator_id: botId(),
          creator: state.botUser,
          name: b.name!,
          description: b.description ?? null,
          scheduled_start_time: new Date(b.scheduled_start_time!).toISOString(),
          scheduled_end_time: b.scheduled_end_time ? new Date(b.scheduled_end_time).toISOString() : null,
          privacy_level: b.privacy_level!,
          status: GuildScheduledEventStatus.Scheduled,
          entity_type: b.entity_type!,
          entity_id: null,
          entity_metadata: external ? { location: b.entity_metadata!.location! } : null,
          user_count: 0,
          image: null,
          recurrence_rule: (b.recurrence_rule as APIGuildScheduledEvent['recurrence_rule']) ?? null,
        } as APIGuildScheduledEvent;
        guild.scheduledEvents.set(event.id, event);
        dispatch(GatewayDispatchEvents.GuildScheduledEventCreate, event);
        return ok(event);
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}',
      auth: 'bot',
      handler: (ctx) => ok(withCount(find(ctx).event, ctx)),
    },
    {
      method: 'PATCH',
      template: '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}',
      auth: 'bot',
      handler: (ctx) => {
        const { guild, event } = find(ctx);
        canManage(guild, false);
        const b = body<EventBody>(ctx);
        if (b.status !== undefined && b.status !== event.status && !(ALLOWED_TRANSITIONS[event.status] ?? []).includes(b.status)) {
          throw invalidFormBody('status', 'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION', `Cannot change status from ${event.status} to ${b.status}`);
        }
        if (event.status === GuildScheduledEventStatus.Completed || event.status === GuildScheduledEventStatus.Canceled) {
          throw invalidFormBody('status', 'GUILD_SCHEDULED_EVENT_ENDED', 'This event has already ended');
        }
        const merged: EventBody = {
          ...event,
          ...b,
          entity_metadata: b.entity_metadata === undefined ? (event.entity_metadata ?? undefined) : b.entity_metadata,
          channel_id: b.channel_id === undefined ? event.channel_id : b.channel_id,
          scheduled_end_time: b.scheduled_end_time === undefined ? (event.scheduled_end_time ?? undefined) : b.scheduled_end_time,
        } as EventBody;
        checkShape(guild, merged, b.scheduled_start_time !== undefined);
        const updated = {
          ...event,
          name: merged.name ?? event.name,
          description: merged.description ?? null,
          scheduled_start_time: new Date(merged.scheduled_start_time!).toISOString(),
          scheduled_end_time: merged.scheduled_end_time ? new Date(merged.scheduled_end_time).toISOString() : null,
          entity_type: merged.entity_type ?? event.entity_type,
          channel_id: merged.entity_type === GuildScheduledEventEntityType.External ? null : (merged.channel_id ?? null),
          entity_metadata: merged.entity_type === GuildScheduledEventEntityType.External ? { location: merged.entity_metadata?.location ?? '' } : null,
          status: b.status ?? event.status,
        } as APIGuildScheduledEvent;
        guild.scheduledEvents.set(updated.id, updated);
        dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, updated);
        return ok(updated);
      },
    },
    {
      method: 'DELETE',
      template: '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}',
      auth: 'bot',
      handler: (ctx) => {
        const { guild, event } = find(ctx);
        canManage(guild, false);
        guild.scheduledEvents.delete(event.id);
        dispatch(GatewayDispatchEvents.GuildScheduledEventDelete, event);
        return noContent();
      },
    },
    {
      method: 'GET',
      template: '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users',
      auth: 'bot',
      handler: (ctx) => {
        const { guild, event } = find(ctx);
        const withMember = queryFlag(ctx, 'with_member');
        const users: APIGuildScheduledEventUser[] = [...(interested.get(event.id) ?? [])].flatMap((userId) => {
          const user = state.user(userId);
          if (!user) return [];
          const member = guild.members.get(userId);
          return [{ guild_scheduled_event_id: event.id, user, ...(withMember && member ? { member: memberToApi(state, member) } : {}) }];
        });
        return ok(users.slice(0, Math.min(100, Number(ctx.query.get('limit') ?? 100))));
      },
    },
  ];
}
