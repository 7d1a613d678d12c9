// The floor for question intake: a bare discord.js client with Parley's intents that does
// nothing but acknowledge each slash command with an ephemeral reply. Whatever Parley's
// intake costs beyond this (Redis, the queue, rendering, routing) is Parley's own.
//
// Configured by DISCORD_TOKEN and DISCORD_API_URL; answers the parent's memory and cpu requests.

import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { serveParent, signalReady } from '../lib/child.js';

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL! } });
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  interaction.reply({ content: 'Got it.', flags: MessageFlags.Ephemeral }).catch(() => undefined);
});
await client.login(process.env.DISCORD_TOKEN!);
while (!client.isReady()) await new Promise((resolve) => setTimeout(resolve, 20));

serveParent({}, async () => {
  await client.destroy();
});
signalReady({ pid: process.pid });
