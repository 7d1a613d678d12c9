import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { commands, componentHandlers } from '../../commands/index.js';
import { createDiscordClient } from '../client.js';
import type { Config } from '../config.js';
import { watchRest } from '../metrics.js';
import { createInteractionRouter } from '../router.js';
import type { ParleyCore } from './core.js';

export interface RunningGateway {
  client: Client;
  /** Stops handing interactions to the router; the connection stays up until destroy. */
  stopTakingInteractions(): void;
}

/**
 * The discord.js client that receives interactions and answers them (PARLEY_ROLE=gateway).
 * Under discord.js's ShardingManager the client reads its shard ids from the environment the
 * manager gives it, so the same code runs one shard or all of them.
 */
export async function startGateway(core: ParleyCore, config: Config, log: Logger): Promise<RunningGateway> {
  const client = createDiscordClient(config);
  client.rest.setToken(config.discordToken);
  watchRest(client.rest, core.metrics);

  const route = createInteractionRouter({
    commands,
    components: componentHandlers,
    services: core.services,
    redis: core.redis,
    keyPrefix: config.keyPrefix,
    log,
    onInteractionDone: core.metrics.interactionDone,
  });
  const onInteraction = (interaction: Parameters<typeof route>[0]): void => {
    route(interaction).catch((error: unknown) => log.error({ err: error }, 'interaction router failed'));
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord'));

  await client.login(config.discordToken);
  return { client, stopTakingInteractions: () => client.off(Events.InteractionCreate, onInteraction) };
}
