/**
 * The test-facing facade: wires state, REST front door, gateway and the interaction simulator
 * together, and exposes the world-building, interaction, read-back, fault and assertion API
 * documented in README.md.
 */
import { randomBytes } from 'node:crypto';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIChannel,
  APIGuildForumChannel,
  APIGuildScheduledEvent,
  APIRole,
  APIThreadChannel,
  APIUser,
  UserFlags,
} from 'discord-api-types/v10';
import { FaultInjector } from './faults.js';
import { Gateway } from './gateway.js';
import { InteractionRegistry, StandInInteraction } from './interaction-registry.js';
import { InteractionSimulator } from './interactions.js';
import type { AutocompleteInput, ButtonInput, ModalSubmitInput, SelectInput, SlashCommandInput } from './interactions.js';
import { MessageService } from './message-service.js';
import type { MessageBody } from './message-service.js';
import { OpenApiValidator } from './openapi-validator.js';
import { toBits } from './permissions.js';
import type { PermissionInput } from './permissions.js';
import { commandRoutes } from './rest/commands.js';
import type { RestDeps } from './rest/common.js';
import { interactionRoutes } from './rest/interactions.js';
import { messageRoutes } from './rest/messages.js';
import { metaRoutes } from './rest/meta.js';
import { scheduledEventRoutes } from './rest/scheduled-events.js';
import type { InterestedUsers } from './rest/scheduled-events.js';
import { threadRoutes } from './rest/threads.js';
import { guildCreatePayload } from './serialize.js';
import { HttpFrontDoor } from './server.js';
import type { RateLimitPolicy } from './server.js';
import { nextSnowflake } from './snowflake.js';
import { StandInState } from './state.js';
import type { CreateChannelOptions, CreateForumOptions, CreateGuildOptions, CreateMemberOptions, CreateRoleOptions, StandInMessage } from './state.js';
import { Stats } from './stats.js';
import type { StatsSnapshot } from './stats.js';
import { ViolationLog } from './violations.js';
import type { Violation } from './violations.js';

export interface StandInOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Explicit path to Discord's openapi.json (default: ../../../shared/discord/openapi.json from this file). */
  openapiPath?: string;
  /** Log every REST request (method, path, status, ms). */
  logRequests?: boolean;
  /** Where log lines go (default: stderr). */
  log?: (line: string) => void;
  /** Bot username (default "Parley"). */
  botName?: string;
  /** Discord's 3 s window for the first interaction callback. */
  callbackDeadlineMs?: number;
  /** Interaction token lifetime for follow-ups and @original edits (Discord: 15 min). */
  tokenLifetimeMs?: number;
  /** How long a nonce with enforce_nonce dedupes (Discord: "a few minutes"; default 5 min). */
  nonceWindowMs?: number;
  /** HELLO heartbeat_interval (Discord: ~41.25 s). */
  heartbeatIntervalMs?: number;
  /** Dispatches kept per gateway session for RESUME (default 10,000). */
  resumeBufferSize?: number;
  /** Per-bucket limits advertised in X-RateLimit-* headers (default 10,000 per second). */
  rateLimit?: RateLimitPolicy;
  /** Compile the OpenAPI validators for all implemented routes at start (default true). */
  precompileValidators?: boolean;
  /** `GET /gateway/bot` `shards`: what discord.js uses for `shards: 'auto'` (default 1). */
  recommendedShards?: number;
  /** `GET /gateway/bot` `session_start_limit.max_concurrency`: shards that may IDENTIFY together (default 1). */
  maxConcurrency?: number;
}

export interface StandInGuild {
  id: string;
  name: string;
  ownerId: string;
  /** Same id as the guild (Discord convention). */
  everyoneRoleId: string;
  botRoleId: string;
}

export interface StandInMember {
  id: string;
  guildId: string;
  user: APIUser;
  roles: string[];
}

export interface PostMessageInput {
  channelId: string;
  userId: string;
  content?: string;
  /** Reply to this message. */
  replyTo?: string;
  embeds?: MessageBody['embeds'];
}

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Included in the timeout error. */
  description?: string;
}

export class DiscordStandIn {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly faults = new FaultInjector();

  private readonly state: StandInState;
  private readonly statsCollector = new Stats();
  private readonly violationLog = new ViolationLog();
  private readonly registry = new InteractionRegistry();
  private readonly messageService: MessageService;
  private readonly gateway: Gateway;
  private readonly front: HttpFrontDoor;
  private readonly simulator: InteractionSimulator;
  private readonly interested: InterestedUsers = new Map();
  private port = 0;
  private closed = false;

  /** Use `startDiscordStandIn()`; the constructor does not listen. */
  constructor(private readonly options: StandInOptions = {}) {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const botId = nextSnowflake();
    this.botUser = { id: botId, username: options.botName ?? 'Parley', discriminator: '0', global_name: null, avatar: null, bot: true, public_flags: 0 as UserFlags };
    // Discord bots' application id equals the bot user id; tokens start with base64(bot id).
    this.applicationId = botId;
    this.token = `${Buffer.from(botId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(28).toString('base64url')}`;
    this.state = new StandInState({ applicationId: this.applicationId, botUser: this.botUser });
    this.messageService = new MessageService(this.state, { nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000 });
    this.gateway = new Gateway({
      state: this.state,
      stats: this.statsCollector,
      violations: this.violationLog,
      token: this.token,
      applicationId: this.applicationId,
      url: () => this.gatewayUrl,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      resumeBufferSize: options.resumeBufferSize ?? 10_000,
      log: options.logRequests ? log : () => undefined,
    });
    this.state.dispatcher = this.gateway;

    const validator = OpenApiValidator.load(options.openapiPath);
    const deps: RestDeps = {
      state: this.state,
      messages: this.messageService,
      interactions: this.registry,
      gateway: this.gateway,
      applicationId: this.applicationId,
      callbackDeadlineMs: options.callbackDeadlineMs ?? 3000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
      gatewayUrl: () => this.gatewayUrl,
      gatewayBot: {
        recommendedShards: positiveInteger('recommendedShards', options.recommendedShards ?? 1),
        maxConcurrency: positiveInteger('maxConcurrency', options.maxConcurrency ?? 1),
      },
    };
    const routes = [
      ...metaRoutes(deps),
      ...commandRoutes(deps),
      ...messageRoutes(deps),
      ...threadRoutes(deps),
      ...interactionRoutes(deps),
      ...scheduledEventRoutes(deps, this.interested),
    ];
    if (options.precompileValidators !== false) validator.precompile(routes.filter((r) => r.method !== 'GET'));
    this.front = new HttpFrontDoor({
      routes,
      state: this.state,
      gateway: this.gateway,
      validator,
      faults: this.faults,
      stats: this.statsCollector,
      violations: this.violationLog,
      token: this.token,
      rateLimit: options.rateLimit ?? { limit: 10_000, windowMs: 1000 },
      log,
      logRequests: options.logRequests ?? false,
    });
    this.simulator = new InteractionSimulator(this.state, this.registry, this.gateway, this.applicationId, () => this.baseUrl);
  }

  async listen(): Promise<this> {
    this.port = await this.front.listen(this.options.port ?? 0);
    this.state.publicBaseUrl = this.baseUrl;
    return this;
  }

  /** `http://127.0.0.1:<port>` — attachments are served under it. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Pass as `new Client({ rest: { api: standIn.apiUrl } })`; discord.js appends `/v10/...`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Number of implemented REST routes (method + template). */
  get routeCount(): number {
    return this.front.router.definitions.length;
  }

  /** Implemented REST routes, `METHOD /template`. */
  get routes(): string[] {
    return this.front.router.definitions.map((r) => `${r.method} ${r.template}`);
  }

  // ---- building the world ----------------------------------------------------------------------

  createGuild(opts: CreateGuildOptions): StandInGuild {
    const g = this.state.createGuild(opts);
    // The bot joins a guild while it has sessions: Discord sends GUILD_CREATE (buffered for
    // disconnected-but-resumable sessions, a no-op when none exist yet — READY will list it).
    this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, guildCreatePayload(this.state, g), { guildId: g.id, intent: GatewayIntentBits.Guilds });
    return { id: g.id, name: g.name, ownerId: g.ownerId, everyoneRoleId: g.id, botRoleId: g.botRoleId };
  }

  createTextChannel(guildId: string, opts: CreateChannelOptions): APIChannel {
    return this.state.createTextChannel(guildId, opts);
  }

  createForumChannel(guildId: string, opts: CreateForumOptions): APIGuildForumChannel {
    return this.state.createForumChannel(guildId, opts);
  }

  createVoiceChannel(guildId: string, opts: CreateChannelOptions): APIChannel {
    return this.state.createVoiceChannel(guildId, opts);
  }

  createStageChannel(guildId: string, opts: CreateChannelOptions): APIChannel {
    return this.state.createVoiceChannel(guildId, { ...opts, stage: true });
  }

  createCategory(guildId: string, opts: { name: string }): APIChannel {
    return this.state.createCategory(guildId, opts);
  }

  /** `permissions` as a bigint (e.g. `PermissionFlagsBits.ManageEvents`) or a decimal string. */
  createRole(guildId: string, opts: CreateRoleOptions): APIRole {
    return this.state.createRole(guildId, opts);
  }

  createMember(guildId: string, opts: CreateMemberOptions): StandInMember {
    const { user, member } = this.state.createMember(guildId, opts);
    return { id: user.id, guildId, user, roles: member.roles };
  }

  /** Replace the bot role's permissions in a guild (e.g. to provoke 50013 Missing Permissions). */
  setBotPermissions(guildId: string, permissions: PermissionInput): void {
    const guild = this.state.requireGuild(guildId);
    const role = guild.roles.get(guild.botRoleId)!;
    role.permissions = toBits(permissions).toString();
    this.gateway.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guildId, role }, { guildId, intent: GatewayIntentBits.Guilds });
  }

  /** A member posts a message (dispatched as MESSAGE_CREATE to bots with the intent). */
  postMessage(input: PostMessageInput): StandInMessage {
    const author = this.state.user(input.userId);
    if (!author) throw new Error(`unknown user ${input.userId}`);
    const channel = this.state.channel(input.channelId);
    if (!channel) throw new Error(`unknown channel ${input.channelId}`);
    const guildId = this.state.guildIdOf(channel);
    if (guildId && !this.state.guild(guildId)?.members.has(input.userId)) throw new Error(`user ${input.userId} is not in the channel's guild`);
    return this.messageService.create({
      channelId: input.channelId,
      author,
      body: {
        ...(input.content !== undefined ? { content: input.content } : {}),
        ...(input.embeds ? { embeds: input.embeds } : {}),
        ...(input.replyTo ? { message_reference: { message_id: input.replyTo } } : {}),
      },
      files: [],
    }).message;
  }

  /** A user clicks "Interested" on a scheduled event. */
  markInterested(guildId: string, eventId: string, userId: string): void {
    const event = this.state.requireGuild(guildId).scheduledEvents.get(eventId);
    if (!event) throw new Error(`unknown scheduled event ${eventId}`);
    const set = this.interested.get(eventId) ?? new Set<string>();
    this.interested.set(eventId, set);
    if (set.has(userId)) return;
    set.add(userId);
    event.user_count = set.size;
    this.gateway.dispatch(
      GatewayDispatchEvents.GuildScheduledEventUserAdd,
      { guild_scheduled_event_id: eventId, user_id: userId, guild_id: guildId },
      { guildId, intent: GatewayIntentBits.GuildScheduledEvents },
    );
  }

  // ---- interactions ----------------------------------------------------------------------------

  /** Run a registered slash command as a member; options are typed from the registered definition. */
  async runSlashCommand(input: SlashCommandInput): Promise<StandInInteraction> {
    return this.simulator.runSlashCommand(input);
  }

  /** Type into an autocomplete option; resolves with the bot's choices. */
  autocomplete(input: AutocompleteInput): Promise<APIApplicationCommandOptionChoice[]> {
    return this.simulator.autocomplete(input);
  }

  async pressButton(input: ButtonInput): Promise<StandInInteraction> {
    return this.simulator.pressButton(input);
  }

  async selectMenu(input: SelectInput): Promise<StandInInteraction> {
    return this.simulator.selectMenu(input);
  }

  async submitModal(input: ModalSubmitInput): Promise<StandInInteraction> {
    return this.simulator.submitModal(input);
  }

  /** Deliver an INTERACTION_CREATE payload as-is (optionally several times; may be malformed). */
  dispatchInteraction(raw: unknown, opts: { times?: number } = {}): StandInInteraction | undefined {
    return this.simulator.dispatchRaw(raw, opts);
  }

  interaction(id: string): StandInInteraction | undefined {
    const record = this.registry.get(id);
    return record ? new StandInInteraction(record, this.state) : undefined;
  }

  /** Every interaction dispatched so far, oldest first (e.g. to check each was answered once). */
  interactions(): StandInInteraction[] {
    return [...this.registry.all()].map((record) => new StandInInteraction(record, this.state));
  }

  // ---- reading back ----------------------------------------------------------------------------

  /** Messages in a channel or thread, oldest first (ephemeral ones are never here). */
  channelMessages(channelId: string, opts: { includeDeleted?: boolean } = {}): StandInMessage[] {
    if (opts.includeDeleted) {
      return [...this.state.messages.values()].filter((m) => m.channel_id === channelId && !m.ephemeral);
    }
    return (this.state.channelMessageIds.get(channelId) ?? []).map((id) => this.state.messages.get(id)!).filter(Boolean);
  }

  /** Any message by id, including ephemeral and deleted ones. */
  message(id: string): StandInMessage | undefined {
    return this.state.messages.get(id);
  }

  channel(id: string): APIChannel | undefined {
    return this.state.channel(id);
  }

  /** The thread started from a message (same id), or a thread by its id. */
  thread(id: string): APIThreadChannel | undefined {
    const c = this.state.channel(id);
    return c && this.state.isThread(c) ? c : undefined;
  }

  /** Threads (incl. forum posts) whose parent is this channel, oldest first. */
  threadsOf(channelId: string): APIThreadChannel[] {
    return [...this.state.channels.values()].filter((c): c is APIThreadChannel => this.state.isThread(c) && c.parent_id === channelId);
  }

  scheduledEvents(guildId: string): APIGuildScheduledEvent[] {
    return [...this.state.requireGuild(guildId).scheduledEvents.values()];
  }

  /** Messages the bot sent to a user by DM, oldest first. */
  dms(userId: string): StandInMessage[] {
    const channelId = this.state.dmChannelByUser.get(userId);
    return channelId ? this.channelMessages(channelId) : [];
  }

  /** Registered commands: a guild's, or global ones when no guild is given. */
  commands(guildId?: string): APIApplicationCommand[] {
    return [...(guildId ? this.state.requireGuild(guildId).commands : this.state.globalCommands).values()];
  }

  /** Poll until `predicate` returns something truthy; resolves with it. */
  async waitFor<T>(predicate: () => T | Promise<T>, opts: WaitForOptions = {}): Promise<NonNullable<T>> {
    const deadline = Date.now() + (opts.timeoutMs ?? 5000);
    let lastError: unknown;
    for (;;) {
      try {
        const value = await predicate();
        if (value) return value as NonNullable<T>;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) {
        const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
        throw new Error(`waitFor timed out after ${opts.timeoutMs ?? 5000} ms${opts.description ? `: ${opts.description}` : ''}${why}`);
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 10));
    }
  }

  // ---- assertions, stats ------------------------------------------------------------------------

  get violations(): readonly Violation[] {
    return this.violationLog.all;
  }

  /** Throws a readable list of violations (optionally only those matching `filter`). */
  assertNoViolations(filter?: (v: Violation) => boolean): void {
    this.violationLog.assertNone(filter);
  }

  /** Remove and return violations (all, or those matching) — for tests that provoke them. */
  takeViolations(filter?: (v: Violation) => boolean): Violation[] {
    return this.violationLog.take(filter);
  }

  get stats(): StatsSnapshot {
    return { ...this.statsCollector.snapshot(), interactions: this.registry.stats };
  }

  /** Requests to `METHOD /template` (optionally with one status). */
  requestCount(routeKey: string, status?: number): number {
    return this.statsCollector.count(routeKey, status);
  }

  // ---- gateway faults ---------------------------------------------------------------------------

  /** Close all gateway sockets abnormally (TCP drop, or `code`); sessions stay resumable. */
  dropGatewayConnections(opts: { code?: number } = {}): number {
    return this.gateway.dropConnections(opts.code);
  }

  /** op 7 RECONNECT to every connection. */
  requestGatewayReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** op 9 INVALID_SESSION (not resumable) to every connection; clients must re-IDENTIFY. */
  invalidateGatewaySessions(): void {
    this.gateway.invalidateSessions();
  }

  get gatewaySessions() {
    return this.gateway.sessionList;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.gateway.close();
    await this.front.close();
  }
}

/** Options Discord would only ever send as positive integers; refuse anything else up front. */
function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`startDiscordStandIn: ${name} must be an integer >= 1 (got ${value})`);
  return value;
}
