import type { REST} from 'discord.js';
import { Routes } from 'discord.js';
import type { APIApplication } from 'discord-api-types/v10';
import { commands } from '../commands/index.js';

/**
 * Uploads every command definition in one bulk overwrite: to one guild (instant, for development
 * and tests) or globally. The same objects the router handles are uploaded, so the two can't drift.
 */
export async function deployCommands(rest: REST, guildId?: string): Promise<{ applicationId: string; count: number }> {
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const body = commands.map((command) => command.definition);
  const route = guildId ? Routes.applicationGuildCommands(application.id, guildId) : Routes.applicationCommands(application.id);
  await rest.put(route, { body });
  return { applicationId: application.id, count: body.length };
}
