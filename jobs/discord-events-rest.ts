import { DiscordAPIError, Routes, SnowflakeUtil, type REST } from 'discord.js';
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type GuildScheduledEventStatus,
  RESTJSONErrorCodes,
  type APIGuildScheduledEvent,
  type APIUser,
  type RESTPatchAPIGuildScheduledEventJSONBody,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord-api-types/v10';

/** A Guild Scheduled Event as the sync job needs it. Times are epoch ms. */
export interface ScheduledEventState {
  id: string;
  status: GuildScheduledEventStatus;
  name: string;
  description: string | null;
  location: string | null;
  startsAt: number;
  endsAt: number | null;
  creatorId: string | null;
  /** When Discord made it (from the id). */
  createdAt: number;
}

/** An external event: name, description, where (a link to the AMA channel) and when. */
export interface EventDraft {
  name: string;
  description: string;
  location: string;
  startsAt: number;
  endsAt: number;
}

/** One edit; only the fields present change. */
export interface EventChange {
  status?: GuildScheduledEventStatus;
  name?: string;
  description?: string;
  location?: string;
  startsAt?: number;
  endsAt?: number;
}

/**
 * The Discord calls that keep a session's Guild Scheduled Event in step with it, over REST only.
 * Creating an event carries no nonce, so give this port a REST client that never retries by
 * itself: a create whose answer was lost is found again by the job instead (see sync-event.ts).
 */
export interface DiscordEvents {
  /** The event, or null if it no longer exists (deleted in Discord). */
  get(guildId: string, eventId: string): Promise<ScheduledEventState | null>;
  list(guildId: string): Promise<ScheduledEventState[]>;
  create(guildId: string, draft: EventDraft): Promise<ScheduledEventState>;
  edit(guildId: string, eventId: string, change: EventChange): Promise<ScheduledEventState>;
  botUserId(): Promise<string>;
}

export function discordEventsOverRest(rest: REST): DiscordEvents {
  let botUserId: Promise<string> | null = null;
  return {
    async get(guildId, eventId) {
      try {
        return toState((await rest.get(Routes.guildScheduledEvent(guildId, eventId))) as APIGuildScheduledEvent);
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownGuildScheduledEvent) return null;
        throw error;
      }
    },

    async list(guildId) {
      return ((await rest.get(Routes.guildScheduledEvents(guildId))) as APIGuildScheduledEvent[]).map(toState);
    },

    async create(guildId, draft) {
      const body: RESTPostAPIGuildScheduledEventJSONBody = {
        name: draft.name,
        description: draft.description,
        privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
        entity_type: GuildScheduledEventEntityType.External,
        entity_metadata: { location: draft.location },
        scheduled_start_time: new Date(draft.startsAt).toISOString(),
        scheduled_end_time: new Date(draft.endsAt).toISOString(),
      };
      return toState((await rest.post(Routes.guildScheduledEvents(guildId), { body })) as APIGuildScheduledEvent);
    },

    async edit(guildId, eventId, change) {
      const body: RESTPatchAPIGuildScheduledEventJSONBody = {};
      if (change.status !== undefined) body.status = change.status;
      if (change.name !== undefined) body.name = change.name;
      if (change.description !== undefined) body.description = change.description;
      if (change.location !== undefined) body.entity_metadata = { location: change.location };
      if (change.startsAt !== undefined) body.scheduled_start_time = new Date(change.startsAt).toISOString();
      if (change.endsAt !== undefined) body.scheduled_end_time = new Date(change.endsAt).toISOString();
      return toState((await rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body })) as APIGuildScheduledEvent);
    },

    botUserId() {
      botUserId ??= (rest.get(Routes.user()) as Promise<APIUser>).then(
        (user) => user.id,
        (error: unknown) => {
          botUserId = null; // ask again next time rather than keep a failure
          throw error;
        },
      );
      return botUserId;
    },
  };
}

function toState(event: APIGuildScheduledEvent): ScheduledEventState {
  return {
    id: event.id,
    status: event.status,
    name: event.name,
    description: event.description ?? null,
    location: event.entity_metadata?.location ?? null,
    startsAt: Date.parse(event.scheduled_start_time),
    endsAt: event.scheduled_end_time ? Date.parse(event.scheduled_end_time) : null,
    creatorId: event.creator_id ?? null,
    createdAt: SnowflakeUtil.timestampFrom(event.id),
  };
}

/** Discord's answer when the bot may not manage events (or see the guild at all). */
export function isMissingEventPermission(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess)
  );
}
