/**
 * What every resource handler needs: the shared services, lookups that throw Discord's own
 * "Unknown X" errors, and tiny result helpers.
 */
import type { APIChannel } from 'discord-api-types/v10';
import { notFound } from '../errors.js';
import type { InteractionRegistry } from '../interaction-registry.js';
import type { MessageService } from '../message-service.js';
import type { HandlerResult, RequestContext } from '../router.js';
import type { GuildRecord, StandInMessage, StandInState } from '../state.js';
import type { Gateway } from '../gateway.js';

export interface RestDeps {
  state: StandInState;
  messages: MessageService;
  interactions: InteractionRegistry;
  gateway: Gateway;
  applicationId: string;
  /** First callback must arrive within this many ms of dispatch (Discord: 3000). */
  callbackDeadlineMs: number;
  /** Interaction tokens (follow-ups, @original edits) stay valid this long (Discord: 15 min). */
  tokenLifetimeMs: number;
  gatewayUrl: () => string;
  /** What `GET /gateway/bot` advertises: recommended shard count and identify concurrency. */
  gatewayBot: { recommendedShards: number; maxConcurrency: number };
}

export const ok = (body: unknown): HandlerResult => ({ status: 200, body });
export const created = (body: unknown): HandlerResult => ({ status: 201, body });
export const noContent = (): HandlerResult => ({ status: 204 });

/** Body as an object (validated already; `{}` for body-less requests). */
export function body<T = Record<string, unknown>>(ctx: RequestContext): T {
  const b = ctx.body;
  return (b !== null && typeof b === 'object' ? b : {}) as T;
}

export function param(ctx: RequestContext, name: string): string {
  const v = ctx.params[name];
  if (v === undefined) throw new Error(`route ${ctx.template} has no {${name}}`);
  return v;
}

export function requireChannel(state: StandInState, id: string): APIChannel {
  const channel = state.channel(id);
  if (!channel) throw notFound.channel();
  return channel;
}

export function requireGuild(state: StandInState, id: string): GuildRecord {
  const guild = state.guild(id);
  if (!guild) throw notFound.guild();
  return guild;
}

export function requireMessage(state: StandInState, channelId: string, messageId: string): StandInMessage {
  const message = state.messages.get(messageId);
  if (!message || message.deleted || message.channel_id !== channelId || message.ephemeral) throw notFound.message();
  return message;
}

/** Query flag the way Discord reads them (`true`/`1`). */
export function queryFlag(ctx: RequestContext, name: string): boolean {
  const v = ctx.query.get(name);
  return v === 'true' || v === '1' || v === 'True';
}
