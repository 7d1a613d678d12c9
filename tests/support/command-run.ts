import type { StandInInteraction } from '../discord-stand-in/index.js';

export interface CommandRun {
  interaction: StandInInteraction;
  /** What the caller finally saw: the reply, or the deferred reply's edit. */
  reply: string;
  ephemeral: boolean;
}

/** The caller's final view once the bot answered: a reply, an edit, or an update of the message. */
export async function settle(interaction: StandInInteraction): Promise<CommandRun> {
  const first = await interaction.response();
  if (first.type === 9 /* modal */) return { interaction, reply: '', ephemeral: true };
  const events = await interaction.waitForVisible((seen) => seen.some((event) => event.content !== undefined));
  const shown = events.filter((event) => event.content !== undefined).at(-1)!;
  return { interaction, reply: shown.content ?? '', ephemeral: first.ephemeral };
}
