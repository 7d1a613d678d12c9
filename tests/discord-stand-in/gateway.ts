/**
 * The gateway: a WebSocket endpoint speaking Discord's v10 protocol the way @discordjs/ws 1.x
 * (discord.js 14) uses it.
 *
 * What discord.js actually does (read from node_modules/@discordjs/ws):
 * - connects to `${url}?v=10&encoding=json` — no `compress` parameter unless the optional
 *   `zlib-sync` package is installed (then `compress=zlib-stream`; supported here too);
 * - waits for HELLO, first heartbeat after `heartbeat_interval * random()`;
 * - IDENTIFY `{ token (no "Bot " prefix), properties, intents, compress: false, shard: [0, 1] }`;
 * - RESUME on any abnormal close (1006, 4000, ...) using `resume_gateway_url` + session id + seq.
 * Sessions outlive their socket so dispatches that happen while a client is disconnected are
 * buffered and replayed on RESUME, like Discord's.
 *
 * Sharding (see sharding.ts): a session is the shard IDENTIFY named (`[0, 1]` without one) and
 * keeps it across RESUMEs. It gets READY/GUILD_CREATE and every dispatch only for the guilds its
 * shard owns; events without a guild (DMs) go to shard 0. Sessions are independent: two live
 * sessions claiming the same shard (a misconfigured bot) BOTH receive that shard's dispatches,
 * interactions included — the stand-in does not close the older one. `dispatchedTo` on an
 * interaction shows it, and the second answer is refused with 40060.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createDeflate, constants as zlibConstants, deflateSync } from 'node:zlib';
import type { Deflate } from 'node:zlib';
import { WebSocketServer, WebSocket } from 'ws';
import type { RawData } from 'ws';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes, ApplicationFlags } from 'discord-api-types/v10';
import type { GatewayReadyDispatchData } from 'discord-api-types/v10';
import { guildCreatePayload, memberToApi } from './serialize.js';
import { parseIdentifyShard, shardForEvent } from './sharding.js';
import type { ShardPair } from './sharding.js';
import type { DispatchData, DispatchEvent, DispatchTarget, Dispatcher, StandInState } from './state.js';
import type { Stats } from './stats.js';
import type { ViolationLog } from './violations.js';

export interface GatewayOptions {
  state: StandInState;
  stats: Stats;
  violations: ViolationLog;
  token: string;
  applicationId: string;
  /** `ws://127.0.0.1:port`, known once the HTTP server listens. */
  url: () => string;
  heartbeatIntervalMs: number;
  /** Dispatches kept per session for RESUME. */
  resumeBufferSize: number;
  log: (line: string) => void;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** From IDENTIFY; RESUME keeps it (the session, not the socket, is the shard). */
  shard: ShardPair;
  identifiedAt: number;
  /** Serialized dispatch frames with their sequence numbers, for replay on RESUME. */
  buffer: Array<{ s: number; frame: string }>;
  connection: Connection | null;
  /** Payload compression requested in IDENTIFY (`compress: true`). */
  compressPayloads: boolean;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
  /** zlib-stream transport compression: one deflate context for the connection's lifetime. */
  deflate: Deflate | null;
  deflateQueue: Promise<void>;
  /** The stand-in closed this socket (fault tools): the client's echoed code is not its choice. */
  closedByServer: boolean;
}

export interface GatewaySessionInfo {
  id: string;
  connected: boolean;
  intents: number;
  shard: [number, number];
  seq: number;
  /** `Date.now()` of the IDENTIFY that created the session (spacing shows identify throttling). */
  identifiedAt: number;
}

/** One session a dispatch reached (or was buffered for, if it is between sockets). */
export interface GatewayDelivery {
  sessionId: string;
  shard: [number, number];
}

export class Gateway implements Dispatcher {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();

  constructor(private readonly o: GatewayOptions) {
    this.wss.on('connection', (ws, req) => this.onConnection(ws, req));
  }

  /** Called from the HTTP server's `upgrade` event: any path is accepted, like gateway.discord.gg. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get sessionList(): GatewaySessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      id: s.id,
      connected: s.connection !== null,
      intents: s.intents,
      shard: [...s.shard],
      seq: s.seq,
      identifiedAt: s.identifiedAt,
    }));
  }

  /** IDENTIFYs accepted so far (Discord's session-start budget counts these). */
  get identifyCount(): number {
    return this.o.stats.gateway.identifies;
  }

  /** Connected, identified sessions. */
  get liveSessionCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.connection) n += 1;
    return n;
  }

  // ---- dispatching -----------------------------------------------------------------------------

  dispatch<E extends DispatchEvent>(t: E, d: DispatchData<E>, target: DispatchTarget): void {
    this.dispatchTracked(t, d, target);
  }

  /** Dispatch and report which sessions (and so which shards) received or buffered it. */
  dispatchTracked<E extends DispatchEvent>(t: E, d: DispatchData<E>, target: DispatchTarget): GatewayDelivery[] {
    if (this.sessions.size === 0) return [];
    let json: string | undefined;
    let redactedJson: string | undefined;
    const delivered: GatewayDelivery[] = [];
    for (const session of this.sessions.values()) {
      if (!this.routesTo(session, target)) continue;
      let body: string;
      if (
        target.contentVisibleWithoutIntent === false &&
        (session.intents & GatewayIntentBits.MessageContent) === 0 &&
        (t === GatewayDispatchEvents.MessageCreate || t === GatewayDispatchEvents.MessageUpdate)
      ) {
        redactedJson ??= JSON.stringify({ ...(d as object), content: '', embeds: [], attachments: [], components: [] });
        body = redactedJson;
      } else {
        json ??= JSON.stringify(d);
        body = json;
      }
      this.sendDispatch(session, t, body);
      delivered.push({ sessionId: session.id, shard: [...session.shard] });
    }
    return delivered;
  }

  private routesTo(session: Session, target: DispatchTarget): boolean {
    if (target.intent !== 0 && (session.intents & target.intent) === 0) return false;
    return this.ownsGuild(session, target.guildId);
  }

  /** Whether the session's shard owns the guild (no guild: DM/global events belong to shard 0). */
  private ownsGuild(session: Session, guildId: string | null | undefined): boolean {
    const [shardId, shardCount] = session.shard;
    return shardForEvent(guildId, shardCount) === shardId;
  }

  private sendDispatch(session: Session, t: string, dJson: string): void {
    session.seq += 1;
    const frame = `{"op":0,"t":"${t}","s":${session.seq},"d":${dJson}}`;
    session.buffer.push({ s: session.seq, frame });
    if (session.buffer.length > this.o.resumeBufferSize) session.buffer.splice(0, session.buffer.length - this.o.resumeBufferSize);
    if (session.connection) this.sendFrame(session.connection, frame);
    this.o.stats.gateway.dispatches += 1;
  }

  private sendFrame(conn: Connection, frame: string): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    if (conn.deflate) {
      const deflate = conn.deflate;
      // zlib-stream: shared context, each message ends with a Z_SYNC_FLUSH (00 00 ff ff suffix).
      conn.deflateQueue = conn.deflateQueue.then(
        () =>
          new Promise<void>((resolve) => {
            const chunks: Buffer[] = [];
            const onData = (c: Buffer) => chunks.push(c);
            deflate.on('data', onData);
            deflate.write(frame);
            deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
              deflate.off('data', onData);
              if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(Buffer.concat(chunks));
              resolve();
            });
          }),
      );
      return;
    }
    if (conn.session?.compressPayloads && frame.startsWith('{"op":0')) {
      conn.ws.send(deflateSync(frame));
      return;
    }
    conn.ws.send(frame);
  }

  private sendOp(conn: Connection, op: GatewayOpcodes, d: unknown): void {
    this.sendFrame(conn, JSON.stringify({ op, d, s: null, t: null }));
  }

  // ---- connections -----------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    this.o.stats.gateway.connections += 1;
    const query = new URL(req.url ?? '/', 'ws://localhost').searchParams;
    const conn: Connection = { ws, session: null, deflate: null, deflateQueue: Promise.resolve(), closedByServer: false };
    this.connections.add(conn);
    ws.on('close', (code) => this.onClose(conn, code));
    ws.on('error', () => undefined);

    const version = query.get('v');
    if (version !== '10') {
      this.violation(`connected with v=${version ?? '(none)'}; the stand-in speaks v10`);
      ws.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    const encoding = query.get('encoding') ?? 'json';
    if (encoding !== 'json') {
      this.violation(`encoding=${encoding} is not supported by the stand-in (json only)`);
      ws.close(GatewayCloseCodes.DecodeError, 'Unsupported encoding');
      return;
    }
    const compress = query.get('compress');
    if (compress === 'zlib-stream') {
      conn.deflate = createDeflate();
    } else if (compress) {
      this.violation(`compress=${compress} is not supported by the stand-in`);
      ws.close(GatewayCloseCodes.DecodeError, 'Unsupported compression');
      return;
    }
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    this.sendOp(conn, GatewayOpcodes.Hello, { heartbeat_interval: this.o.heartbeatIntervalMs });
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    conn.deflate?.close();
    const session = conn.session;
    if (!session || session.connection !== conn) return;
    session.connection = null;
    // Discord: a client that closes with 1000/1001 ends its session (discord.js does on destroy());
    // any other close keeps it resumable. Without this, a destroyed client's shard would keep
    // collecting dispatches (and show up in `dispatchedTo`) forever.
    if (!conn.closedByServer && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : (data as Buffer).toString('utf8');
      payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      this.violation('sent a frame that is not valid JSON');
      conn.ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.o.stats.gateway.heartbeats += 1;
        this.sendOp(conn, GatewayOpcodes.HeartbeatAck, null);
        return;
      case GatewayOpcodes.Identify:
        this.identify(conn, payload.d as IdentifyData);
        return;
      case GatewayOpcodes.Resume:
        this.resume(conn, payload.d as { token?: string; session_id?: string; seq?: number });
        return;
      default:
        break;
    }
    if (!conn.session) {
      this.violation(`sent op ${String(payload.op)} before IDENTIFY/RESUME`);
      conn.ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        return; // accepted, nothing to simulate
      case GatewayOpcodes.RequestGuildMembers:
        this.requestGuildMembers(conn, payload.d as RequestMembersData);
        return;
      default:
        this.violation(`sent unknown opcode ${String(payload.op)}`);
        conn.ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode');
    }
  }

  private tokenMatches(token: unknown): boolean {
    return token === this.o.token || token === `Bot ${this.o.token}`;
  }

  private identify(conn: Connection, d: IdentifyData): void {
    if (conn.session) {
      this.violation('sent IDENTIFY twice on one connection');
      conn.ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated');
      return;
    }
    if (!d || !this.tokenMatches(d.token)) {
      this.violation('IDENTIFY with a wrong token', 'auth');
      conn.ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed');
      return;
    }
    if (typeof d.intents !== 'number' || d.intents < 0) {
      this.violation('IDENTIFY without a valid intents bitfield');
      conn.ws.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s)');
      return;
    }
    const shard = parseIdentifyShard(d.shard);
    if (!shard) {
      this.violation(`IDENTIFY with invalid shard ${JSON.stringify(d.shard)}`);
      conn.ws.close(GatewayCloseCodes.InvalidShard, 'Invalid shard');
      return;
    }
    this.o.stats.gateway.identifies += 1;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      intents: d.intents,
      shard,
      identifiedAt: Date.now(),
      buffer: [],
      connection: conn,
      compressPayloads: d.compress === true,
    };
    this.sessions.set(session.id, session);
    conn.session = session;

    const { state } = this.o;
    // READY lists, and GUILD_CREATE follows for, only the guilds this shard owns.
    const guilds = [...state.guilds.values()].filter((g) => this.ownsGuild(session, g.id));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: state.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.o.url(),
      shard: [...shard],
      application: { id: this.o.applicationId, flags: ApplicationFlags.GatewayMessageContentLimited, flags_new: String(ApplicationFlags.GatewayMessageContentLimited) },
    };
    this.sendDispatch(session, GatewayDispatchEvents.Ready, JSON.stringify(ready));
    for (const guild of guilds) {
      this.sendDispatch(session, GatewayDispatchEvents.GuildCreate, JSON.stringify(guildCreatePayload(state, guild)));
    }
    this.o.log(`gateway: IDENTIFY → session ${session.id.slice(0, 8)} intents=${d.intents} shard=${shard.join('/')}`);
  }

  private resume(conn: Connection, d: { token?: string; session_id?: string; seq?: number } | undefined): void {
    const session = d?.session_id ? this.sessions.get(d.session_id) : undefined;
    if (!session || !this.tokenMatches(d?.token)) {
      this.sendOp(conn, GatewayOpcodes.InvalidSession, false);
      return;
    }
    const seq = typeof d?.seq === 'number' ? d.seq : 0;
    const oldest = session.buffer[0]?.s ?? session.seq + 1;
    if (seq < oldest - 1 && seq < session.seq) {
      // Events the client missed are no longer buffered: it has to IDENTIFY afresh.
      this.sendOp(conn, GatewayOpcodes.InvalidSession, false);
      return;
    }
    // A new connection takes a session over; the old socket (if any) is dropped.
    if (session.connection && session.connection !== conn) session.connection.ws.terminate();
    session.connection = conn;
    conn.session = session;
    this.o.stats.gateway.resumes += 1;
    for (const entry of session.buffer) if (entry.s > seq) this.sendFrame(conn, entry.frame);
    this.sendDispatch(session, GatewayDispatchEvents.Resumed, '{}');
    this.o.log(`gateway: RESUME session ${session.id.slice(0, 8)} from seq ${seq}`);
  }

  private requestGuildMembers(conn: Connection, d: RequestMembersData): void {
    const guild = d?.guild_id ? this.o.state.guild(d.guild_id) : undefined;
    if (!guild || !conn.session) return;
    if (!this.ownsGuild(conn.session, guild.id)) {
      // The guild lives on another shard, so this session knows nothing of it and no chunk comes
      // (Discord documents no error for this). The client's fetch would just time out: say why.
      this.violation(`op 8 for guild ${guild.id} from shard ${conn.session.shard.join('/')}; that guild is on another shard, so no GUILD_MEMBERS_CHUNK comes`);
      return;
    }
    const wanted = d.user_ids ? new Set(Array.isArray(d.user_ids) ? d.user_ids : [d.user_ids]) : null;
    const query = (d.query ?? '').toLowerCase();
    const limit = d.limit && d.limit > 0 ? d.limit : Infinity;
    const members = [...guild.members.values()]
      .filter((m) => (wanted ? wanted.has(m.userId) : (this.o.state.user(m.userId)?.username ?? '').toLowerCase().startsWith(query)))
      .slice(0, limit)
      .map((m) => memberToApi(this.o.state, m));
    const chunk: DispatchData<GatewayDispatchEvents.GuildMembersChunk> = {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(wanted ? { not_found: [...wanted].filter((id) => !guild.members.has(id)) } : {}),
      ...(d.nonce ? { nonce: d.nonce } : {}),
    };
    this.sendDispatch(conn.session, GatewayDispatchEvents.GuildMembersChunk, JSON.stringify(chunk));
  }

  // ---- fault tools ---------------------------------------------------------------------------

  /**
   * Drop every live socket without a close frame (TCP reset, the client sees 1006), or with the
   * given close code. Sessions stay resumable; discord.js should RESUME and get the missed events.
   */
  dropConnections(code?: number): number {
    let n = 0;
    for (const conn of [...this.connections]) {
      n += 1;
      conn.closedByServer = true;
      if (code === undefined) conn.ws.terminate();
      else conn.ws.close(code, 'stand-in: dropped');
    }
    return n;
  }

  /** Send op 7 RECONNECT: Discord asks the client to reconnect and resume. */
  requestReconnect(): void {
    for (const conn of this.connections) this.sendOp(conn, GatewayOpcodes.Reconnect, null);
  }

  /** Forget all sessions and send op 9 (not resumable): clients must IDENTIFY again. */
  invalidateSessions(): void {
    for (const conn of this.connections) this.sendOp(conn, GatewayOpcodes.InvalidSession, false);
    for (const conn of this.connections) conn.session = null;
    this.sessions.clear();
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.ws.terminate();
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private violation(message: string, kind: 'gateway' | 'auth' = 'gateway'): void {
    this.o.violations.record({ kind, method: 'WS', path: 'gateway', message });
  }
}

interface IdentifyData {
  token?: string;
  intents?: number;
  /** `[shard_id, num_shards]`; unchecked input, see parseIdentifyShard. */
  shard?: unknown;
  compress?: boolean;
}

interface RequestMembersData {
  guild_id?: string;
  query?: string;
  limit?: number;
  user_ids?: string | string[];
  nonce?: string;
}
