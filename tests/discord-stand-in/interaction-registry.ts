/**
 * Bookkeeping for dispatched interactions: id/token lookup, the 3-second and 15-minute clocks,
 * the first callback, and a timeline of everything the invoking user saw. The REST handlers
 * write to it; the test-side `StandInInteraction` handle reads from it.
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { GatewayDelivery } from './gateway.js';
import type { StandInMessage, StandInState } from './state.js';

export type VisibleKind =
  | 'reply'
  | 'deferred-reply'
  | 'deferred-update'
  | 'update'
  | 'autocomplete'
  | 'modal'
  | 'edit-original'
  | 'delete-original'
  | 'followup'
  | 'edit-followup'
  | 'delete-followup';

/** One thing the invoking user saw, captured at the moment it happened. */
export interface VisibleEvent {
  kind: VisibleKind;
  at: number;
  messageId?: string;
  /** Content as of this event (messages can be edited later; this is what was shown then). */
  content?: string;
  ephemeral: boolean;
  embeds?: APIEmbed[];
  components?: unknown[];
  attachments?: Array<{ filename: string; size: number }>;
  modal?: APIModalInteractionResponseCallbackData;
  choices?: APIApplicationCommandOptionChoice[];
}

/** The first (initial) callback Discord accepted for an interaction. */
export interface FirstResponse {
  type: InteractionResponseType;
  /** `data` of the callback body as the bot sent it. */
  data: Record<string, unknown> | undefined;
  ephemeral: boolean;
  content: string | undefined;
  /** Milliseconds between dispatch and the callback's arrival. */
  latencyMs: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  guildId?: string;
  channelId?: string;
  userId?: string;
  commandName?: string;
  /** The raw INTERACTION_CREATE payload as dispatched. */
  payload: unknown;
  dispatchedAt: number;
  /** Sessions the dispatch reached (0 = no bot connected). */
  deliveredTo: number;
  /** Each session (and its shard) the dispatch reached, once per delivery. */
  dispatchedTo: GatewayDelivery[];
  response?: FirstResponse;
  /** Message `@original` refers to: the reply, the deferred placeholder, or the component's message. */
  originalMessageId?: string;
  /** For component/modal interactions: the message the component sits on. */
  sourceMessageId?: string;
  followUpIds: string[];
  timeline: VisibleEvent[];
  modal?: APIModalInteractionResponseCallbackData;
  choices?: APIApplicationCommandOptionChoice[];
  /** Rejected callback attempts (late, duplicate) — kept for assertions. */
  rejectedCallbacks: Array<{ at: number; code: number; reason: string }>;
  waiters: Array<() => void>;
}

/** Totals over all interactions, so a test can assert "every interaction answered exactly once". */
export interface InteractionStats {
  /** Distinct interactions dispatched (a duplicated delivery of one payload counts once). */
  created: number;
  /** Interactions whose first callback Discord accepted. */
  answered: number;
  /** Second initial callbacks refused with 400 / 40060 "Interaction has already been acknowledged". */
  alreadyAcknowledged: number;
  /** First callbacks refused with 404 / 10062 because they came after the 3 s window. */
  expired: number;
}

export class InteractionRegistry {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly totals: InteractionStats = { created: 0, answered: 0, alreadyAcknowledged: 0, expired: 0 };

  register(record: Omit<InteractionRecord, 'followUpIds' | 'timeline' | 'rejectedCallbacks' | 'waiters' | 'dispatchedTo'>): InteractionRecord {
    const full: InteractionRecord = { ...record, dispatchedTo: [], followUpIds: [], timeline: [], rejectedCallbacks: [], waiters: [] };
    // A duplicate delivery of the same payload keeps the first record: Discord only has one.
    const existing = this.byId.get(full.id);
    if (existing) return existing;
    this.byId.set(full.id, full);
    this.byToken.set(full.token, full);
    this.totals.created += 1;
    return full;
  }

  get stats(): InteractionStats {
    return { ...this.totals };
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  getByToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }

  all(): IterableIterator<InteractionRecord> {
    return this.byId.values();
  }

  respond(record: InteractionRecord, response: FirstResponse): void {
    record.response = response;
    this.totals.answered += 1;
    const waiters = record.waiters;
    record.waiters = [];
    for (const w of waiters) w();
  }

  /**
   * A callback Discord refused, kept on the interaction. Second answers and late first answers
   * are also counted (`why`); a wrong token is only kept.
   */
  refuseCallback(record: InteractionRecord, code: number, reason: string, why: 'already-acknowledged' | 'expired' | 'other'): void {
    record.rejectedCallbacks.push({ at: Date.now(), code, reason });
    if (why === 'already-acknowledged') this.totals.alreadyAcknowledged += 1;
    if (why === 'expired') this.totals.expired += 1;
  }

  /** Called when anything visible happens (also wakes `visible` waiters). */
  see(record: InteractionRecord, event: Omit<VisibleEvent, 'at'>): void {
    record.timeline.push({ ...event, at: Date.now() });
    const waiters = record.waiters;
    record.waiters = [];
    for (const w of waiters) w();
  }

  static eventFromMessage(kind: VisibleKind, m: StandInMessage): Omit<VisibleEvent, 'at'> {
    return {
      kind,
      messageId: m.id,
      content: m.content,
      ephemeral: m.ephemeral,
      embeds: m.embeds,
      components: (m.components ?? []) as unknown[],
      attachments: m.attachments.map((a) => ({ filename: a.filename, size: a.size })),
    };
  }
}

/** The test-side view of one interaction. */
export class StandInInteraction {
  constructor(
    private readonly record: InteractionRecord,
    private readonly state: StandInState,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** 2 = slash command, 3 = component, 4 = autocomplete, 5 = modal submit. */
  get type(): InteractionType {
    return this.record.type;
  }

  /** The guild it happened in; undefined for DMs (which go to shard 0). */
  get guildId(): string | undefined {
    return this.record.guildId;
  }

  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): unknown {
    return this.record.payload;
  }

  /** How many gateway sessions received the dispatch. */
  get deliveredTo(): number {
    return this.record.deliveredTo;
  }

  /**
   * Which sessions and shards received the dispatch, one entry per delivery (so a payload
   * delivered twice, or to two sessions of one shard, shows twice). E.g. assert a guild on shard 1
   * reached `[{ shard: [1, 2], sessionId }]` only.
   */
  get dispatchedTo(): ReadonlyArray<GatewayDelivery> {
    return this.record.dispatchedTo;
  }

  get acknowledged(): boolean {
    return this.record.response !== undefined;
  }

  /**
   * Initial callbacks the bot sent in time: the accepted one plus every second answer refused
   * with 40060. Exactly 1 = answered once; 0 = never (or too late); 2+ = answered twice.
   */
  get initialResponses(): number {
    const duplicates = this.record.rejectedCallbacks.filter((r) => r.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged).length;
    return (this.record.response ? 1 : 0) + duplicates;
  }

  /** Callback attempts Discord refused (late → 10062, duplicate → 40060). */
  get rejectedCallbacks(): ReadonlyArray<{ at: number; code: number; reason: string }> {
    return this.record.rejectedCallbacks;
  }

  /**
   * Wait for the first callback (bounded: default 4 s, a bit over Discord's 3 s window).
   * Rejects with a readable error if the bot never answered.
   */
  async response(opts: { timeoutMs?: number } = {}): Promise<FirstResponse> {
    await this.waitUntil(() => this.record.response !== undefined, opts.timeoutMs ?? 4000, 'an initial response');
    return this.record.response!;
  }

  /** Wait until some visible event satisfies the predicate (e.g. the deferred reply got edited). */
  async waitForVisible(predicate: (events: VisibleEvent[]) => boolean, opts: { timeoutMs?: number } = {}): Promise<VisibleEvent[]> {
    await this.waitUntil(() => predicate(this.record.timeline), opts.timeoutMs ?? 4000, 'the expected visible output');
    return this.visible();
  }

  /** Everything the invoking user saw, in order: initial response, edits, follow-ups, modal. */
  visible(): VisibleEvent[] {
    return [...this.record.timeline];
  }

  /** Current state of the `@original` message (reply or deferred placeholder), if any. */
  original(): StandInMessage | undefined {
    return this.record.originalMessageId ? this.state.messages.get(this.record.originalMessageId) : undefined;
  }

  followUps(): StandInMessage[] {
    return this.record.followUpIds.map((id) => this.state.messages.get(id)).filter((m): m is StandInMessage => m !== undefined);
  }

  /** The modal the bot opened in response, if any. */
  modal(): APIModalInteractionResponseCallbackData | undefined {
    return this.record.modal;
  }

  /** Autocomplete choices the bot returned, if any. */
  choices(): APIApplicationCommandOptionChoice[] | undefined {
    return this.record.choices;
  }

  /** Custom ids of all buttons on the current @original message (handy for pressButton). */
  buttons(): Array<{ customId: string; label?: string; disabled: boolean }> {
    const rows = (this.original()?.components ?? []) as Array<APIActionRowComponent<never> | { type: number; components?: unknown[] }>;
    return collectButtons(rows);
  }

  private waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const label = `interaction ${this.record.id}${this.record.commandName ? ` (/${this.record.commandName})` : ''}`;
        const rejected = this.record.rejectedCallbacks.map((r) => `${r.code} ${r.reason}`).join('; ');
        const hint =
          this.record.deliveredTo === 0
            ? ' — it reached no gateway session (is the bot connected?)'
            : rejected
              ? ` — Discord refused the bot's callback(s): ${rejected}`
              : '';
        reject(new Error(`${label}: did not see ${what} within ${timeoutMs} ms${hint}`));
      }, timeoutMs);
      const wake = () => {
        if (check()) {
          clearTimeout(timer);
          resolve();
        } else {
          this.record.waiters.push(wake);
        }
      };
      this.record.waiters.push(wake);
    });
  }
}

export function collectButtons(components: unknown[]): Array<{ customId: string; label?: string; disabled: boolean }> {
  const out: Array<{ customId: string; label?: string; disabled: boolean }> = [];
  const visit = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    const comp = c as { type?: number; custom_id?: string; label?: string; disabled?: boolean; components?: unknown[]; accessory?: unknown };
    if (comp.type === 2 && comp.custom_id) out.push({ customId: comp.custom_id, ...(comp.label ? { label: comp.label } : {}), disabled: comp.disabled ?? false });
    for (const child of comp.components ?? []) visit(child);
    if (comp.accessory) visit(comp.accessory);
  };
  for (const c of components) visit(c);
  return out;
}
