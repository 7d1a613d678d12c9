import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/** An option as an interaction carries it (discord.js's CommandInteractionOption, narrowed). */
export interface ReceivedOption {
  name: string;
  type: number;
  value?: unknown;
  options?: readonly ReceivedOption[];
}

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * Checks an interaction's options against the command's registered definition, the way Discord's
 * own client would have: known names, the registered types, values of the right JavaScript type,
 * required options present, lengths and ranges respected. A real client never sends anything
 * else; a forged or broken one is refused here, before any handler sees it.
 * Returns null when the options are sound, else why not (for the log).
 */
export function checkOptions(
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody,
  received: readonly ReceivedOption[],
): string | null {
  return checkLevel(definition.options ?? [], received, `/${definition.name}`);
}

function checkLevel(definitions: readonly APIApplicationCommandOption[], received: readonly ReceivedOption[], path: string): string | null {
  const seen = new Set<string>();
  for (const option of received) {
    const definition = definitions.find((candidate) => candidate.name === option.name);
    if (!definition) return `${path}: unknown option "${option.name}"`;
    if (definition.type !== option.type) return `${path} ${option.name}: type ${option.type}, registered ${definition.type}`;
    if (seen.has(option.name)) return `${path} ${option.name}: given twice`;
    seen.add(option.name);
    if (definition.type === T.Subcommand || definition.type === T.SubcommandGroup) {
      if (received.length !== 1) return `${path}: a subcommand must come alone`;
      return checkLevel(definition.options ?? [], option.options ?? [], `${path} ${option.name}`);
    }
    const problem = checkValue(definition, option.value);
    if (problem) return `${path} ${option.name}: ${problem}`;
  }
  const levelHasSubcommands = definitions.some((d) => d.type === T.Subcommand || d.type === T.SubcommandGroup);
  if (levelHasSubcommands && received.length === 0) return `${path}: no subcommand`;
  for (const definition of definitions) {
    if ('required' in definition && definition.required && !seen.has(definition.name)) return `${path}: "${definition.name}" is required`;
  }
  return null;
}

function checkValue(definition: APIApplicationCommandOption, value: unknown): string | null {
  switch (definition.type) {
    case T.String: {
      if (typeof value !== 'string') return 'not a string';
      if (definition.min_length !== undefined && value.length < definition.min_length) return 'too short';
      if (definition.max_length !== undefined && value.length > definition.max_length) return 'too long';
      return null;
    }
    case T.Integer:
    case T.Number: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
      if (definition.type === T.Integer && !Number.isSafeInteger(value)) return 'not an integer';
      if (definition.min_value !== undefined && value < definition.min_value) return 'below the minimum';
      if (definition.max_value !== undefined && value > definition.max_value) return 'above the maximum';
      return null;
    }
    case T.Boolean:
      return typeof value === 'boolean' ? null : 'not a boolean';
    case T.User:
    case T.Channel:
    case T.Role:
    case T.Mentionable:
    case T.Attachment:
      return typeof value === 'string' && SNOWFLAKE.test(value) ? null : 'not an id';
    default:
      return 'unexpected option type';
  }
}
