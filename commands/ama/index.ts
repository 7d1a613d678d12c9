import type { SlashCommand } from '../command.js';
import { callerOf } from '../guild-context.js';
import { sessionChoices } from '../session-choices.js';
import { amaDefinition } from './definition.js';
import { cancelSession, endSession, startSession } from './lifecycle.js';
import { listSessions } from './list.js';
import { addCohost, banAsker, hideQuestion, removeCohost } from './moderation.js';
import { extendSession, rescheduleSession } from './reschedule.js';
import { scheduleSession } from './schedule.js';
import { guildSettings } from './settings.js';
import { timeZoneChoices } from './time-zone-choices.js';

const SUBCOMMANDS = {
  schedule: scheduleSession,
  start: startSession,
  end: endSession,
  cancel: cancelSession,
  list: listSessions,
  reschedule: rescheduleSession,
  extend: extendSession,
  settings: guildSettings,
  add: addCohost,
  remove: removeCohost,
  hide: hideQuestion,
  ban: banAsker,
} as const;

// Which sessions each subcommand's `session` option offers.
const CHOOSABLE = {
  start: ['scheduled'],
  end: ['open'],
  cancel: ['scheduled', 'open'],
  reschedule: ['scheduled'],
  extend: ['open', 'scheduled'],
  hide: ['open', 'scheduled', 'closed'],
} as const;

export const amaCommand: SlashCommand = {
  definition: amaDefinition,
  async execute(ctx) {
    const name = ctx.interaction.options.getSubcommand(true) as keyof typeof SUBCOMMANDS;
    const run = SUBCOMMANDS[name];
    if (!run) throw new Error(`unknown /ama subcommand ${name}`);
    await run(ctx);
  },
  async autocomplete({ interaction, services }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') {
      const guildId = callerOf(interaction).guildId;
      return timeZoneChoices(String(focused.value), (await services.settings.get(guildId)).timeZone, services.now());
    }
    const name = interaction.options.getSubcommand(false) as keyof typeof CHOOSABLE | null;
    const statuses = name && name in CHOOSABLE ? CHOOSABLE[name] : (['scheduled', 'open'] as const);
    return sessionChoices(services.sessions, callerOf(interaction).guildId, interaction.options.getFocused(), statuses);
  },
};
