import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChatInputCommandInteraction,
  DiscordAPIError,
  GuildMember,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  RESTJSONErrorCodes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { TextChannel } from 'discord.js';
import { startHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  h.onInteraction(() => undefined);
  h.handlerErrors.length = 0;
});

describe('slash commands', () => {
  it('arrive as ChatInputCommandInteraction with options typed from the registered definition', async () => {
    const seen: Record<string, unknown> = {};
    h.onInteraction(async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.isChatInput = i instanceof ChatInputCommandInteraction;
      seen.subcommand = i.options.getSubcommand();
      seen.hostId = i.options.getUser('host', true).id;
      seen.hostIsMember = i.options.getMember('host') instanceof GuildMember;
      seen.title = i.options.getString('title', true);
      seen.duration = i.options.getInteger('duration');
      seen.channelId = i.options.getChannel('channel')?.id;
      seen.canManageEvents = i.memberPermissions?.has('ManageEvents');
      seen.guildId = i.guildId;
      await i.reply({ content: `Scheduled **${i.options.getString('title', true)}**`, flags: MessageFlags.Ephemeral });
    });

    const ix = await h.discord.runSlashCommand({
      guildId: h.guild.id,
      channelId: h.channelId,
      userId: h.moderator.id,
      command: 'ama',
      subcommand: 'schedule',
      options: { host: h.member.id, title: 'Ask me anything', duration: 60, channel: h.channelId },
    });
    const response = await ix.response();

    expect(seen).toEqual({
      isChatInput: true,
      subcommand: 'schedule',
      hostId: h.member.id,
      hostIsMember: true,
      title: 'Ask me anything',
      duration: 60,
      channelId: h.channelId,
      canManageEvents: true,
      guildId: h.guild.id,
    });
    expect(response).toMatchObject({ type: 4, ephemeral: true, content: 'Scheduled **Ask me anything**' });
    expect(ix.visible().map((e) => [e.kind, e.content, e.ephemeral])).toEqual([['reply', 'Scheduled **Ask me anything**', true]]);
    // Ephemeral replies never show up in the channel.
    expect(h.discord.channelMessages(h.channelId).some((m) => m.interactionId === ix.id)).toBe(false);
    h.discord.assertNoViolations();
  });

  it('hides commands from members lacking default_member_permissions, like the Discord client', async () => {
    const run = () =>
      h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ama', subcommand: 'schedule', options: { host: h.member.id, title: 'x' } });
    await expect(run()).rejects.toThrow(/hidden from user/);
    await expect(
      h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ama', subcommand: 'schedule', options: { host: h.member.id, title: 'x', duration: 5 }, bypassCommandPermissions: true }),
    ).rejects.toThrow(/min_value 15/);
  });

  it('deferReply + editReply + followUp are all visible to the caller', async () => {
    h.onInteraction(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'Pong after thinking' });
      await i.followUp({ content: 'A private note', flags: MessageFlags.Ephemeral });
    });
    const ix = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    expect((await ix.response()).type).toBe(5);
    const events = await ix.waitForVisible((e) => e.length >= 3);
    expect(events.map((e) => [e.kind, e.content ?? null, e.ephemeral])).toEqual([
      ['deferred-reply', null, false],
      ['edit-original', 'Pong after thinking', false],
      ['followup', 'A private note', true],
    ]);
    expect(ix.original()?.content).toBe('Pong after thinking');
    expect((ix.original()?.flags ?? 0) & MessageFlags.Loading).toBe(0);
    // The public reply is in the channel (as an application-command message); the ephemeral follow-up is not.
    const inChannel = h.discord.channelMessages(h.channelId).filter((m) => m.interactionId === ix.id);
    expect(inChannel.map((m) => [m.content, m.type])).toEqual([['Pong after thinking', 20]]);
    h.discord.assertNoViolations();
  });

  it('autocomplete respond() returns choices', async () => {
    h.onInteraction(async (i) => {
      if (!i.isAutocomplete()) return;
      const focused = i.options.getFocused(true);
      const sessions = ['Security AMA', 'Roadmap AMA', 'Hiring AMA'];
      await i.respond(sessions.filter((s) => s.toLowerCase().startsWith(focused.value.toLowerCase())).map((s) => ({ name: s, value: s.split(' ')[0]!.toLowerCase() })));
    });
    const choices = await h.discord.autocomplete({
      guildId: h.guild.id,
      channelId: h.channelId,
      userId: h.moderator.id,
      command: 'ama',
      subcommand: 'ask',
      focused: 'session',
      value: 'r',
    });
    expect(choices).toEqual([{ name: 'Roadmap AMA', value: 'roadmap' }]);
    h.discord.assertNoViolations();
  });

  it('button → showModal → modal submit', async () => {
    const channel = (await h.client.channels.fetch(h.channelId)) as TextChannel;
    const prompt = await channel.send({
      content: 'Want to ask something?',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('ask').setLabel('Ask').setStyle(ButtonStyle.Primary))],
    });

    h.onInteraction(async (i) => {
      if (i.isButton() && i.customId === 'ask') {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('ask-modal')
            .setTitle('Your question')
            .addLabelComponents(new LabelBuilder().setLabel('Question').setTextInputComponent(new TextInputBuilder().setCustomId('question').setStyle(TextInputStyle.Paragraph).setMaxLength(500))),
        );
      } else if (i.isModalSubmit() && i.customId === 'ask-modal') {
        await i.reply({ content: `Got: ${i.fields.getTextInputValue('question')}`, flags: MessageFlags.Ephemeral });
      }
    });

    const press = await h.discord.pressButton({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, messageId: prompt.id, customId: 'ask' });
    expect((await press.response()).type).toBe(9);
    expect(press.modal()?.custom_id).toBe('ask-modal');

    const submit = await h.discord.submitModal({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, customId: 'ask-modal', fields: { question: 'What is next?' } });
    expect(await submit.response()).toMatchObject({ type: 4, content: 'Got: What is next?', ephemeral: true });
    await expect(h.discord.submitModal({ guildId: h.guild.id, channelId: h.channelId, userId: h.moderator.id, customId: 'ask-modal', fields: { question: 'x' } })).rejects.toThrow(/no modal/);
    h.discord.assertNoViolations();
  });

  it('a button update() edits the message it sits on', async () => {
    const channel = (await h.client.channels.fetch(h.channelId)) as TextChannel;
    const msg = await channel.send({
      content: 'Open',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('close').setLabel('Close').setStyle(ButtonStyle.Danger))],
    });
    h.onInteraction(async (i) => {
      if (i.isButton()) await i.update({ content: 'Closed', components: [] });
    });
    const ix = await h.discord.pressButton({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, messageId: msg.id, customId: 'close' });
    expect((await ix.response()).type).toBe(7);
    expect(h.discord.message(msg.id)?.content).toBe('Closed');
    await expect(h.discord.pressButton({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, messageId: msg.id, customId: 'close' })).rejects.toThrow(/no component/);
  });

  it('a reply later than 3 s is refused with 10062 Unknown interaction', async () => {
    h.onInteraction(async (i) => {
      if (!i.isChatInputCommand()) return;
      await new Promise((r) => setTimeout(r, 3100));
      await i.reply('too late');
    });
    const expiredBefore = h.discord.stats.interactions.expired;
    const ix = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    await h.discord.waitFor(() => h.handlerErrors.length > 0, { timeoutMs: 5000 });
    const err = h.handlerErrors[0];
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(RESTJSONErrorCodes.UnknownInteraction);
    expect(ix.acknowledged).toBe(false);
    expect(ix.rejectedCallbacks[0]?.code).toBe(10062);
    expect(h.discord.stats.interactions.expired - expiredBefore).toBe(1);
    const violations = h.discord.takeViolations();
    expect(violations.map((v) => [v.kind, v.code])).toEqual([['enforcement', 10062]]);
  });

  it('a duplicate INTERACTION_CREATE answered twice gets 40060 the second time', async () => {
    h.onInteraction(async (i) => {
      if (i.isChatInputCommand()) await i.reply('once');
    });
    const before = h.discord.stats.interactions;
    const ix = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    await ix.response();
    h.discord.dispatchInteraction(ix.payload, { times: 1 });
    await h.discord.waitFor(() => h.handlerErrors.length > 0);
    expect((h.handlerErrors[0] as DiscordAPIError).code).toBe(RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged);
    expect(h.discord.takeViolations().map((v) => v.code)).toEqual([40060]);
    // Still exactly one visible reply, one interaction, one accepted answer, one refused.
    expect(ix.visible().map((e) => e.kind)).toEqual(['reply']);
    expect(ix.dispatchedTo).toHaveLength(2);
    const after = h.discord.stats.interactions;
    expect([after.created - before.created, after.answered - before.answered, after.alreadyAcknowledged - before.alreadyAcknowledged]).toEqual([1, 1, 1]);
    expect(h.discord.interactions().at(-1)?.id).toBe(ix.id);
  });

  it('a reply with files is a multipart callback, validated via payload_json', async () => {
    h.onInteraction(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'here is the file', files: [{ attachment: Buffer.from('{"q":1}'), name: 'export.json' }] });
    });
    const checks = h.discord.stats.openapiChecks;
    const ix = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    await ix.response();
    expect(h.discord.stats.openapiChecks).toBe(checks + 1);
    expect(ix.original()?.attachments.map((a) => [a.filename, a.bytes.toString()])).toEqual([['export.json', '{"q":1}']]);
    expect(ix.visible()[0]?.attachments).toEqual([{ filename: 'export.json', size: 7 }]);
    h.discord.assertNoViolations();
  });

  it('withResponse: true gets the callback response resource', async () => {
    let messageId: string | undefined;
    h.onInteraction(async (i) => {
      if (!i.isChatInputCommand()) return;
      const res = await i.reply({ content: 'with response', withResponse: true });
      messageId = res.resource?.message?.id;
    });
    const ix = await h.discord.runSlashCommand({ guildId: h.guild.id, channelId: h.channelId, userId: h.member.id, command: 'ping' });
    await ix.response();
    await h.discord.waitFor(() => messageId);
    expect(messageId).toBe(ix.original()?.id);
    h.discord.assertNoViolations();
  });
});
