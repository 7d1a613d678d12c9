/**
 * Real discord.js Clients logged in to the stand-in as gateway shards, each answering every slash
 * command with its own label, so a test can tell which shard handled which guild's interaction.
 */
import { Client, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import type { GatewayDispatchPayload } from 'discord.js';
import type { DiscordStandIn } from '../discord-stand-in/index.js';
import { pingCommand } from './harness.js';

export interface ShardedClient {
  label: string;
  client: Client<true>;
  /** Every dispatch this client received, with the shard it came in on. */
  raw: Array<{ payload: GatewayDispatchPayload; shardId: number }>;
  /** Errors from the reply handler (e.g. the 40060 a second answer gets). */
  handlerErrors: unknown[];
  /** Ids from READY `guilds`, per shard id. */
  readyGuilds(shardId: number): string[];
  /** Ids of guilds whose GUILD_CREATE arrived. */
  guildCreates(): string[];
  /** Dispatches of one type, their `d`. */
  events(type: string): unknown[];
  close(): Promise<void>;
}

export interface ShardedClientOptions {
  label: string;
  shards?: number[] | 'auto';
  shardCount?: number;
}

export function loginShardedClient(discord: DiscordStandIn, opts: ShardedClientOptions): Promise<ShardedClient> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: discord.apiUrl },
    ...(opts.shards !== undefined ? { shards: opts.shards } : {}),
    ...(opts.shardCount !== undefined ? { shardCount: opts.shardCount } : {}),
  });
  return startClient(discord, client, opts.label);
}

/** Log a configured Client in; resolves once every one of its shards is ready. */
export async function startClient(discord: DiscordStandIn, client: Client, label: string): Promise<ShardedClient> {
  const raw: ShardedClient['raw'] = [];
  const handlerErrors: unknown[] = [];
  client.on(Events.Raw, (payload: GatewayDispatchPayload, shardId: number) => raw.push({ payload, shardId }));
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    interaction.reply(label).catch((err: unknown) => handlerErrors.push(err));
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, (c) => resolve(c)));
  await client.login(discord.token);
  const readyClient = await ready;
  const events = (type: string) => raw.filter((r) => r.payload.t === type).map((r) => r.payload.d);
  return {
    label,
    client: readyClient,
    raw,
    handlerErrors,
    readyGuilds: (shardId) =>
      raw
        .filter((r) => r.payload.t === 'READY' && r.shardId === shardId)
        .flatMap((r) => (r.payload.d as { guilds: Array<{ id: string }> }).guilds.map((g) => g.id)),
    guildCreates: () => events('GUILD_CREATE').map((d) => (d as { id: string }).id),
    events,
    close: () => client.destroy(),
  };
}

/** Register /ping in these guilds through the REST API, as a bot's deploy step would. */
export async function registerPing(discord: DiscordStandIn, guildIds: string[]): Promise<void> {
  const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
  for (const guildId of guildIds) {
    await rest.put(Routes.applicationGuildCommands(discord.applicationId, guildId), { body: [pingCommand.toJSON()] });
  }
}
