import { describe, expect, it } from 'vitest';
import { checkOptions } from '../../bot/option-check.js';
import { commands } from '../../commands/index.js';

// A forged client can send anything; the router refuses what Discord's client never would.

const command = (name: string) => commands.find((c) => c.definition.name === name)!.definition;
const ask = command('ask');
const ama = command('ama');

describe('checkOptions', () => {
  it('accepts what a real client sends', () => {
    expect(checkOptions(ask, [{ name: 'question', type: 3, value: 'A real question here?' }])).toBeNull();
    expect(
      checkOptions(ama, [{ name: 'schedule', type: 1, options: [{ name: 'host', type: 6, value: '123456789012345678' }, { name: 'title', type: 3, value: 'T' }] }]),
    ).toBeNull();
    expect(checkOptions(ama, [{ name: 'cohost', type: 2, options: [{ name: 'add', type: 1, options: [{ name: 'user', type: 6, value: '123456789012345678' }] }] }])).toBeNull();
  });

  it('refuses wrong value types, unknown and missing options, and out-of-range values', () => {
    expect(checkOptions(ask, [{ name: 'question', type: 3, value: 987654321 }])).toMatch(/not a string/);
    expect(checkOptions(ask, [{ name: 'question', type: 4, value: 5 }])).toMatch(/registered 3/);
    expect(checkOptions(ask, [])).toMatch(/"question" is required/);
    expect(checkOptions(ask, [{ name: 'question', type: 3, value: 'Fine question?' }, { name: 'surprise', type: 3, value: 'x' }])).toMatch(/unknown option/);
    expect(checkOptions(ask, [{ name: 'question', type: 3, value: 'x'.repeat(1501) }])).toMatch(/too long/);
    expect(checkOptions(ask, [{ name: 'question', type: 3, value: 'Fine question?' }, { name: 'session', type: 4, value: 0 }])).toMatch(/below the minimum/);
    expect(checkOptions(ask, [{ name: 'question', type: 3, value: 'Fine question?' }, { name: 'session', type: 4, value: 1.5 }])).toMatch(/not an integer/);
    expect(checkOptions(ama, [{ name: 'schedule', type: 1, options: [{ name: 'host', type: 6, value: 'nobody' }, { name: 'title', type: 3, value: 'T' }] }])).toMatch(
      /not an id/,
    );
    expect(checkOptions(ama, [])).toMatch(/no subcommand/);
  });
});
