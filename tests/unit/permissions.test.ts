import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { canModerate, canSeeQueue } from '../../bot/permissions.js';
import type { Session } from '../../storage/model.js';

const session = { host: { id: 'host', name: 'Host', title: null }, cohosts: [{ id: 'cohost', name: 'Co', title: null }] } as Pick<Session, 'host' | 'cohosts'> as Session;

describe('permissions', () => {
  it('lets Manage Events and Administrator moderate, and nobody else', () => {
    expect(canModerate(PermissionFlagsBits.ManageEvents)).toBe(true);
    expect(canModerate(PermissionFlagsBits.Administrator)).toBe(true);
    expect(canModerate(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages)).toBe(false);
    expect(canModerate(null)).toBe(false);
  });

  it('shows the queue to the host and moderators only', () => {
    expect(canSeeQueue(session, 'host', 0n)).toBe(true);
    expect(canSeeQueue(session, 'cohost', 0n)).toBe(true);
    expect(canSeeQueue(session, 'member', PermissionFlagsBits.ManageEvents)).toBe(true);
    expect(canSeeQueue(session, 'member', PermissionFlagsBits.SendMessages)).toBe(false);
  });
});
