/**
 * Discord stand-in for end-to-end tests: a local REST API + gateway that an unmodified
 * discord.js 14 client talks to via `new Client({ rest: { api: standIn.apiUrl } })`.
 * See README.md. Test-only: the bot's runtime never imports this.
 */
import { DiscordStandIn } from './stand-in.js';
import type { StandInOptions } from './stand-in.js';

export async function startDiscordStandIn(options: StandInOptions = {}): Promise<DiscordStandIn> {
  return new DiscordStandIn(options).listen();
}

export { DiscordStandIn };
export type { StandInOptions, StandInGuild, StandInMember, PostMessageInput, WaitForOptions } from './stand-in.js';
export type { StandInInteraction, VisibleEvent, VisibleKind, FirstResponse, InteractionStats } from './interaction-registry.js';
export type { GatewayDelivery, GatewaySessionInfo } from './gateway.js';
export { shardOf } from './sharding.js';
export type { ShardPair, ShardSpec } from './sharding.js';
export type { SlashCommandInput, AutocompleteInput, ButtonInput, SelectInput, ModalSubmitInput, WhereAndWho } from './interactions.js';
export type { OptionValue, AttachmentInput } from './command-options.js';
export type { StandInMessage, StandInAttachment, CreateGuildOptions, CreateChannelOptions, CreateForumOptions, CreateRoleOptions, CreateMemberOptions } from './state.js';
export type { Pinged } from './mentions.js';
export { computePinged } from './mentions.js';
export type { Violation } from './violations.js';
export type { StatsSnapshot, RouteStats } from './stats.js';
export type { FaultSpec, ActiveFault, RateLimitScope } from './faults.js';
export type { ViolationKind } from './errors.js';
export { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './permissions.js';
