import { randomBytes } from 'node:crypto';
import type { DiscordStandIn, StandInInteraction } from '../discord-stand-in/index.js';
import { nextSnowflake } from '../discord-stand-in/snowflake.js';

interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  options?: RawOption[];
}

/**
 * A payload a real Discord client would never send: a copy of a genuine interaction with a new
 * id and token and its options rewritten. Shows what the bot does when a forged or buggy client
 * skips the client-side checks (lengths, types, required options).
 */
export function forgeInteraction(
  discord: DiscordStandIn,
  genuine: StandInInteraction,
  rewrite: (options: RawOption[]) => RawOption[],
): StandInInteraction {
  const payload = structuredClone(genuine.payload) as { id: string; token: string; data: { options?: RawOption[] } };
  payload.id = nextSnowflake();
  payload.token = `forged-${randomBytes(16).toString('hex')}`;
  payload.data.options = rewrite(payload.data.options ?? []);
  const handle = discord.dispatchInteraction(payload);
  if (!handle) throw new Error('the stand-in did not register the forged interaction');
  return handle;
}

/** Sets `name` to `value` wherever it appears among the options (subcommands included). */
export function withOption(name: string, value: unknown): (options: RawOption[]) => RawOption[] {
  const visit = (options: RawOption[]): RawOption[] =>
    options.map((option) =>
      option.name === name ? { ...option, value } : option.options ? { ...option, options: visit(option.options) } : option,
    );
  return visit;
}

/** The last thing the caller saw, once they saw anything with text. */
export async function visibleReply(interaction: StandInInteraction): Promise<string | undefined> {
  const events = await interaction.waitForVisible((seen) => seen.some((event) => event.content !== undefined));
  return events.filter((event) => event.content !== undefined).at(-1)?.content;
}
