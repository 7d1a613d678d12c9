import { REST } from 'discord.js';
import { ConfigError, loadConfig } from './config.js';
import { deployCommands } from './deploy-commands.js';

// `npm run deploy-commands`: registers the slash commands in DEV_GUILD_ID, or globally without it
// (global commands can take up to an hour to appear in every server).
try {
  const config = loadConfig(process.env);
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const { applicationId, count } = await deployCommands(rest, config.devGuildId);
  const where = config.devGuildId ? `guild ${config.devGuildId}` : 'all servers (global)';
  console.log(`Registered ${count} commands for application ${applicationId} in ${where}.`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
