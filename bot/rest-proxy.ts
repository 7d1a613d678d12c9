import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
// The proxy tells Discord's errors apart with instanceof against @discordjs/rest's ES module
// build; discord.js loads the CommonJS build, whose REST throws errors of other classes. So the
// proxy's clients come from the same ES module, or every error would reach members as a 200.
import { REST } from '@discordjs/rest';
import type { Logger } from 'pino';
import { INTERACTION_REQUESTS_PER_SECOND } from './client.js';
import type { Config } from './config.js';
import type { Stoppable } from './run-process.js';

export interface RunningRestProxy extends Stoppable {
  port: number;
}

/**
 * PARLEY_ROLE=rest-proxy: the discord.js team's REST proxy (@discordjs/proxy) in front of
 * DISCORD_API_URL. discord.js keeps rate-limit state per process, so gateways and workers of a
 * scaled deployment point their DISCORD_API_URL here and share Discord's limits through it.
 *
 * Discord counts requests against the bot's global 50/s by their bot token. Interaction
 * callbacks and follow-ups carry no Authorization header (the interaction token is in the path)
 * and are exempt, so they go through a client with no practical global limit: a burst of
 * members' /ask replies must never wait behind the workers' channel posts.
 */
export async function startRestProxy({ config, log }: { config: Config; log: Logger }): Promise<RunningRestProxy> {
  const botRequests = proxyRequests(new REST({ api: config.discordApiUrl, globalRequestsPerSecond: config.globalRequestsPerSecond }));
  const interactionRequests = proxyRequests(new REST({ api: config.discordApiUrl, globalRequestsPerSecond: INTERACTION_REQUESTS_PER_SECOND }));

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ready"}');
      return;
    }
    const forward = request.headers.authorization ? botRequests : interactionRequests;
    // The proxy sets the status of every answer and every Discord error; for anything else (Discord
    // unreachable) it ends the response as it stands, so it must stand as a failure, not a 200.
    response.statusCode = 502;
    Promise.resolve(forward(request, response)).catch((error: unknown) => {
      log.warn({ err: error, method: request.method }, 'REST proxy could not reach Discord');
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.restProxyPort, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.restProxyPort;
  log.info({ port, upstream: config.discordApiUrl }, 'REST proxy listening');

  return {
    port,
    stop: () =>
      new Promise<boolean>((resolve) => {
        server.close(() => resolve(true));
        server.closeIdleConnections();
      }),
  };
}
