// Protocol details below discord.js: a raw WebSocket client checks the opcodes, close codes and
// the zlib-stream transport that discord.js would use if `zlib-sync` were installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import { startDiscordStandIn } from '../discord-stand-in/index.js';
import type { DiscordStandIn } from '../discord-stand-in/index.js';
import { connectRawGateway } from './raw-gateway-client.js';

let discord: DiscordStandIn;

beforeAll(async () => {
  discord = await startDiscordStandIn({ heartbeatIntervalMs: 1000, precompileValidators: false });
  discord.createGuild({ name: 'Raw' });
});

afterAll(async () => {
  await discord?.close();
});

/** Connect a raw gateway client to this file's stand-in. */
function connect(query?: string) {
  return connectRawGateway(discord.gatewayUrl, query);
}

describe('gateway protocol', () => {
  it('HELLO, heartbeat ACK, IDENTIFY → READY + GUILD_CREATE with increasing sequence numbers', async () => {
    const c = connect();
    await discord.waitFor(() => c.frames.find((f) => f.op === GatewayOpcodes.Hello));
    expect(c.frames[0]!.d).toEqual({ heartbeat_interval: 1000 });
    c.send(GatewayOpcodes.Heartbeat, null);
    await discord.waitFor(() => c.frames.find((f) => f.op === GatewayOpcodes.HeartbeatAck));
    c.send(GatewayOpcodes.Identify, { token: discord.token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } });
    await discord.waitFor(() => c.frames.find((f) => f.t === 'GUILD_CREATE'));
    const dispatches = c.frames.filter((f) => f.op === GatewayOpcodes.Dispatch);
    expect(dispatches.map((f) => [f.t, f.s])).toEqual([
      ['READY', 1],
      ['GUILD_CREATE', 2],
    ]);
    const ready = dispatches[0]!.d as { guilds: Array<{ unavailable: boolean }>; resume_gateway_url: string; application: { id: string } };
    expect(ready.guilds.every((g) => g.unavailable)).toBe(true);
    expect(ready.resume_gateway_url).toBe(discord.gatewayUrl);
    expect(ready.application.id).toBe(discord.applicationId);
    c.ws.close(1000);
  });

  it('a wrong token closes with 4004; an unknown opcode with 4001 (both recorded)', async () => {
    const bad = connect();
    await bad.opened;
    bad.send(GatewayOpcodes.Identify, { token: 'nope', intents: 1, properties: {} });
    await discord.waitFor(() => bad.closeCode());
    expect(bad.closeCode()).toBe(GatewayCloseCodes.AuthenticationFailed);

    const odd = connect();
    await odd.opened;
    odd.send(GatewayOpcodes.Identify, { token: discord.token, intents: 1, properties: {} });
    await discord.waitFor(() => odd.frames.find((f) => f.t === 'READY'));
    odd.send(99, null);
    await discord.waitFor(() => odd.closeCode());
    expect(odd.closeCode()).toBe(GatewayCloseCodes.UnknownOpcode);
    expect(discord.takeViolations().map((v) => v.kind)).toEqual(['auth', 'gateway']);
  });

  it('RESUME with a stale seq replays exactly the missed dispatches, then RESUMED', async () => {
    const first = connect();
    await first.opened;
    first.send(GatewayOpcodes.Identify, { token: discord.token, intents: 1, properties: {} });
    const ready = await discord.waitFor(() => first.frames.find((f) => f.t === 'READY'));
    const sessionId = (ready.d as { session_id: string }).session_id;
    first.ws.terminate();
    await discord.waitFor(() => discord.gatewaySessions.find((s) => s.id === sessionId && !s.connected));
    const guild = discord.createGuild({ name: 'While away' }); // GUILD_CREATE dispatched into the buffer
    discord.createTextChannel(guild.id, { name: 'new' });

    const second = connect();
    await second.opened;
    second.send(GatewayOpcodes.Resume, { token: discord.token, session_id: sessionId, seq: 2 });
    await discord.waitFor(() => second.frames.find((f) => f.t === 'RESUMED'));
    expect(second.frames.filter((f) => f.op === 0).map((f) => [f.t, f.s])).toEqual([
      ['GUILD_CREATE', 3],
      ['CHANNEL_CREATE', 4],
      ['RESUMED', 5],
    ]);
    second.ws.close(1000);

    const unknown = connect();
    await unknown.opened;
    unknown.send(GatewayOpcodes.Resume, { token: discord.token, session_id: 'nope', seq: 1 });
    await discord.waitFor(() => unknown.frames.find((f) => f.op === GatewayOpcodes.InvalidSession));
    unknown.ws.close(1000);
  });

  it('supports compress=zlib-stream transport compression', async () => {
    const c = connect('v=10&encoding=json&compress=zlib-stream');
    await discord.waitFor(() => c.frames.find((f) => f.op === GatewayOpcodes.Hello));
    c.send(GatewayOpcodes.Identify, { token: discord.token, intents: 1, properties: {} });
    await discord.waitFor(() => c.frames.find((f) => f.t === 'READY'));
    c.ws.close(1000);
    discord.assertNoViolations();
  });
});
