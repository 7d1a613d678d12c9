/**
 * Interaction callbacks and the interaction webhook (follow-ups, @original edits).
 *
 * discord.js 14.28 always posts callbacks to
 * `/interactions/{id}/{token}/callback?with_response=false` (or `=true` with `withResponse`),
 * without an Authorization header, and edits via `/webhooks/{app}/{token}/messages/@original`.
 * Discord's clocks are enforced: 3 s for the first callback (10062), one initial callback
 * (40060), tokens valid for 15 minutes (50027).
 */
import { InteractionResponseType, InteractionType, MessageFlags, MessageType, RESTJSONErrorCodes } from 'discord-api-types/v10';
import type {
  APIApplicationCommandOptionChoice,
  APIMessageInteractionMetadata,
  APIModalInteractionResponseCallbackData,
  RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { DiscordApiError, invalidFormBody, notFound } from '../errors.js';
import { InteractionRegistry } from '../interaction-registry.js';
import type { InteractionRecord } from '../interaction-registry.js';
import type { MessageBody } from '../message-service.js';
import type { RequestContext, RouteDef } from '../router.js';
import { messageToApi } from '../serialize.js';
import type { StandInMessage } from '../state.js';
import { body, noContent, ok, param, queryFlag } from './common.js';
import type { RestDeps } from './common.js';

/** Which initial callback types Discord accepts for which interaction type. */
const ALLOWED_CALLBACKS: Record<number, InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.Modal],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

interface CallbackBody {
  type: InteractionResponseType;
  data?: Record<string, unknown> & MessageBody;
}

export function interactionRoutes(deps: RestDeps): RouteDef[] {
  const { state, messages, interactions } = deps;

  const metadata = (record: InteractionRecord): APIMessageInteractionMetadata =>
    ({
      id: record.id,
      type: record.type,
      user: state.user(record.userId ?? '') ?? state.botUser,
      authorizing_integration_owners: record.guildId ? { 0: record.guildId } : { 1: record.userId ?? '' },
      ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
    }) as APIMessageInteractionMetadata;

  const createResponseMessage = (record: InteractionRecord, data: MessageBody, files: RequestContext['files'], opts: { loading: boolean }): StandInMessage => {
    if (!record.channelId) throw notFound.channel();
    const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    const isCommand = record.type === InteractionType.ApplicationCommand;
    return messages.create({
      channelId: record.channelId,
      author: state.botUser,
      body: data,
      files,
      fieldPrefix: 'data',
      type: isCommand ? MessageType.ChatInputCommand : MessageType.Default,
      webhookId: deps.applicationId,
      interaction: {
        id: record.id,
        metadata: metadata(record),
        ...(isCommand && record.commandName
          ? { legacy: { id: record.id, type: record.type, name: record.commandName, user: state.user(record.userId ?? '') ?? state.botUser } }
          : {}),
      },
      ephemeral,
      loading: opts.loading,
    }).message;
  };

  const reject = (record: InteractionRecord | undefined, err: DiscordApiError, why: 'already-acknowledged' | 'expired' | 'other', reason = err.message): never => {
    if (record) interactions.refuseCallback(record, err.code, reason, why);
    throw err;
  };

  /** Webhook routes: the token must belong to an acknowledged, unexpired interaction of this app. */
  const webhookRecord = (ctx: RequestContext, requireAck = true): InteractionRecord => {
    const record = interactions.getByToken(param(ctx, 'webhook_token'));
    if (param(ctx, 'webhook_id') !== deps.applicationId || !record) throw notFound.webhook();
    if (ctx.receivedAt - record.dispatchedAt > deps.tokenLifetimeMs) {
      throw new DiscordApiError(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token');
    }
    if (requireAck && !record.response) throw notFound.webhook();
    return record;
  };

  const targetMessage = (ctx: RequestContext, record: InteractionRecord): { message: StandInMessage; original: boolean } => {
    const messageId = ctx.params.message_id ?? record.originalMessageId;
    const original = ctx.params.message_id === undefined || ctx.params.message_id === record.originalMessageId;
    if (!messageId || (!original && !record.followUpIds.includes(messageId))) throw notFound.message();
    const message = state.messages.get(messageId);
    if (!message || message.deleted) throw notFound.message();
    return { message, original };
  };

  const routes: RouteDef[] = [
    {
      method: 'POST',
      template: '/interactions/{interaction_id}/{interaction_token}/callback',
      auth: 'none',
      handler: (ctx) => {
        const record = interactions.get(param(ctx, 'interaction_id'));
        if (!record || record.token !== param(ctx, 'interaction_token')) return reject(record, notFound.interaction(), 'other');
        if (record.response) {
          return reject(record, new DiscordApiError(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.'), 'already-acknowledged');
        }
        const latency = ctx.receivedAt - record.dispatchedAt;
        if (latency > deps.callbackDeadlineMs) {
          const err = new DiscordApiError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
          return reject(record, err, 'expired', `first callback ${latency} ms after dispatch (limit ${deps.callbackDeadlineMs} ms)`);
        }
        const b = body<CallbackBody>(ctx);
        if (!(ALLOWED_CALLBACKS[record.type] ?? []).includes(b.type)) {
          throw invalidFormBody('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Callback type ${b.type} is not valid for interaction type ${record.type}`);
        }
        if (
          (b.type === InteractionResponseType.UpdateMessage || b.type === InteractionResponseType.DeferredMessageUpdate) &&
          !record.sourceMessageId
        ) {
          throw invalidFormBody('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'This interaction has no message to update');
        }
        const data = b.data ?? {};
        const ephemeral = ((Number(data.flags ?? 0)) & MessageFlags.Ephemeral) !== 0;
        let message: StandInMessage | undefined;

        switch (b.type) {
          case InteractionResponseType.ChannelMessageWithSource:
            message = createResponseMessage(record, data, ctx.files, { loading: false });
            record.originalMessageId = message.id;
            interactions.see(record, InteractionRegistry.eventFromMessage('reply', message));
            break;
          case InteractionResponseType.DeferredChannelMessageWithSource:
            message = createResponseMessage(record, { flags: data.flags ?? 0 }, [], { loading: true });
            record.originalMessageId = message.id;
            interactions.see(record, { kind: 'deferred-reply', messageId: message.id, ephemeral });
            break;
          case InteractionResponseType.DeferredMessageUpdate:
            record.originalMessageId = record.sourceMessageId;
            interactions.see(record, { kind: 'deferred-update', ...(record.sourceMessageId ? { messageId: record.sourceMessageId } : {}), ephemeral: false });
            break;
          case InteractionResponseType.UpdateMessage: {
            const source = state.messages.get(record.sourceMessageId!);
            if (!source || source.deleted) throw notFound.message();
            message = messages.edit(source, data, ctx.files, { fieldPrefix: 'data', editorId: source.author.id });
            record.originalMessageId = source.id;
            interactions.see(record, InteractionRegistry.eventFromMessage('update', message));
            break;
          }
          case InteractionResponseType.ApplicationCommandAutocompleteResult: {
            const choices = (data as { choices?: APIApplicationCommandOptionChoice[] }).choices ?? [];
            if (choices.length > 25) throw invalidFormBody('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
            record.choices = choices;
            interactions.see(record, { kind: 'autocomplete', choices, ephemeral: true });
            break;
          }
          case InteractionResponseType.Modal: {
            const modal = data as unknown as APIModalInteractionResponseCallbackData;
            record.modal = modal;
            interactions.see(record, { kind: 'modal', modal, ephemeral: true });
            break;
          }
          default:
            throw invalidFormBody('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Unsupported callback type ${b.type}`);
        }

        interactions.respond(record, {
          type: b.type,
          data: b.data,
          ephemeral: message?.ephemeral ?? ephemeral,
          content: typeof data.content === 'string' ? data.content : message?.content,
          latencyMs: latency,
        });

        if (!queryFlag(ctx, 'with_response')) return noContent();
        const result: RESTPostAPIInteractionCallbackWithResponseResult = {
          interaction: {
            id: record.id,
            type: record.type,
            ...(message
              ? {
                  response_message_id: message.id,
                  response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
                  response_message_ephemeral: message.ephemeral,
                }
              : {}),
          },
          resource: { type: b.type, ...(message ? { message: messageToApi(message) } : {}) },
        };
        return ok(result);
      },
    },
    {
      method: 'POST',
      template: '/webhooks/{webhook_id}/{webhook_token}',
      auth: 'none',
      handler: (ctx) => {
        const record = webhookRecord(ctx);
        if (record.type === InteractionType.ApplicationCommandAutocomplete) throw notFound.webhook();
        const data = body<MessageBody>(ctx);
        const original = record.originalMessageId ? state.messages.get(record.originalMessageId) : undefined;
        let message: StandInMessage;
        if (original && ((original.flags ?? 0) & MessageFlags.Loading) !== 0) {
          // Discord: the first follow-up after a deferred reply replaces the "thinking…" message,
          // keeps the deferral's ephemerality, and does not show as edited.
          message = messages.edit(original, { ...data, flags: original.flags ?? 0 }, ctx.files, { editorId: state.botUser.id });
          message.edited_timestamp = null;
          interactions.see(record, InteractionRegistry.eventFromMessage('edit-original', message));
        } else {
          message = createResponseMessage(record, data, ctx.files, { loading: false });
          record.followUpIds.push(message.id);
          interactions.see(record, InteractionRegistry.eventFromMessage('followup', message));
        }
        const wait = ctx.query.get('wait');
        return wait === 'false' ? noContent() : ok(messageToApi(message));
      },
    },
  ];

  for (const suffix of ['/messages/@original', '/messages/{message_id}']) {
    const template = `/webhooks/{webhook_id}/{webhook_token}${suffix}`;
    routes.push(
      {
        method: 'GET',
        template,
        auth: 'none',
        handler: (ctx) => ok(messageToApi(targetMessage(ctx, webhookRecord(ctx)).message)),
      },
      {
        method: 'PATCH',
        template,
        auth: 'none',
        handler: (ctx) => {
          const record = webhookRecord(ctx);
          const { message, original } = targetMessage(ctx, record);
          const edited = messages.edit(message, body<MessageBody>(ctx), ctx.files, { editorId: message.author.id });
          interactions.see(record, InteractionRegistry.eventFromMessage(original ? 'edit-original' : 'edit-followup', edited));
          return ok(messageToApi(edited));
        },
      },
      {
        method: 'DELETE',
        template,
        auth: 'none',
        handler: (ctx) => {
          const record = webhookRecord(ctx);
          const { message, original } = targetMessage(ctx, record);
          messages.delete(message);
          interactions.see(record, { kind: original ? 'delete-original' : 'delete-followup', messageId: message.id, ephemeral: message.ephemeral });
          return noContent();
        },
      },
    );
  }
  return routes;
}
