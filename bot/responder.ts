import {
  MessageFlags,
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type InteractionReplyOptions,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';

export interface Reply {
  content: string;
  /** Only the caller sees it. Almost every Parley reply is ephemeral; public ones say so. */
  ephemeral?: boolean;
  components?: InteractionReplyOptions['components'];
}

/**
 * Sends an interaction's replies in order, choosing reply, editReply or followUp from what the
 * interaction has already received. The router's deadline defer and the handler's reply go
 * through the same queue, so they can never both send an initial response (Discord's 40060).
 */
export class Responder {
  private queue: Promise<unknown> = Promise.resolve();
  private answered = false;

  constructor(private readonly interaction: RepliableInteraction) {}

  /** True once anything (a reply or a defer) has been sent or is on its way. */
  get hasResponded(): boolean {
    return this.answered;
  }

  send(reply: Reply): Promise<void> {
    this.answered = true;
    return this.enqueue(async () => {
      const ephemeral = reply.ephemeral ?? true;
      const payload = {
        content: reply.content,
        components: reply.components ?? [],
        // Replies echo member-typed text back; they must ping nobody.
        allowedMentions: { parse: [] },
      };
      if (this.interaction.deferred && !this.interaction.replied) {
        await this.interaction.editReply(payload);
      } else if (this.interaction.replied) {
        await this.interaction.followUp({ ...payload, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
      } else {
        await this.interaction.reply({ ...payload, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
      }
    });
  }

  /** Rewrites the message a button sits on (a /queue page, the /next card) as the response. */
  update(reply: Reply): Promise<void> {
    this.answered = true;
    return this.enqueue(async () => {
      const interaction = this.interaction as ButtonInteraction | ModalSubmitInteraction;
      const payload = { content: reply.content, components: reply.components ?? [], allowedMentions: { parse: [] } };
      if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
      // A modal opened from a message can update that message too (ModalMessageModalSubmitInteraction).
      else await (interaction as ButtonInteraction).update(payload);
    });
  }

  /** Opens a modal: only possible as the first response, so it is never deferred first. */
  showModal(modal: APIModalInteractionResponseCallbackData): Promise<void> {
    this.answered = true;
    return this.enqueue(() => (this.interaction as ButtonInteraction).showModal(modal));
  }

  /** Buys time before Discord's 3-second limit; later sends become edits of this reply. */
  deferIfSilent(): Promise<void> {
    if (this.answered) return Promise.resolve();
    this.answered = true;
    return this.enqueue(() => this.interaction.deferReply({ flags: MessageFlags.Ephemeral }));
  }

  private enqueue(step: () => Promise<unknown>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next.then(() => undefined);
  }
}
