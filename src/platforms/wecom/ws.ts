// WeCom AI bot (智能机器人) long connection: the bot dials out to wss://openws.work.weixin.qq.com,
// so no public URL is needed. The official SDK (@wecom/aibot-node-sdk) speaks the protocol (auth
// frame, 30 s ping, per-req_id reply queue and acks); this module owns everything around it:
// - one loop, one connection at a time: a fresh SDK client per attempt, its own reconnect turned
//   off (it gives up after 10 tries and has no jitter), ours backs off with jitter and never stops;
// - WeCom allows one connection per bot and kicks the older one: the instance that may connect
//   holds a lease in the store (renewed while connected, taken over by another instance within
//   seconds when the holder dies); a kicked instance stands by instead of fighting back;
// - frames are decoded by the same pure decode as the HTTP callback and handed to the inbox.
// Types only: the SDK (and its axios) is loaded when the first connection dials, so a bot without
// WECOM_BOT_ID does not pay ~0.2 s of start-up for it.
import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import { type Now } from '../../time.js';
import type { IncomingMessage } from '../../bot/message.js';
import { PENDING_TEXT, WELCOME_TEXT } from '../../bot/texts.js';
import type { Inbox, InboxOutcome } from '../../inbox.js';
import type { Logger } from '../../log.js';
import { feedbackEvents, longConnections } from '../../metrics.js';
import { StoreUnavailableError, type Store } from '../../store/types.js';
import type { BackgroundTasks } from '../../tasks.js';
import { LongConnection } from '../backoff.js';
import type { SendResult } from '../http.js';
import { decodeAibot, type AibotEvent } from './decode.js';
import { wecomFailure } from './errors.js';
import type { WecomLink } from './link.js';
import { newStreamId } from './streams.js';
import type { WecomMedia } from './media.js';

export interface WecomWsTimings {
  /** SDK heartbeat; two unanswered pings drop the socket (default 30000). */
  heartbeatMs: number;
  /** No auth answer within this → reconnect (default 10000). */
  authTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Lease length; another instance takes over at most this long (plus a poll) after the holder died (default 8000). */
  leaseMs: number;
  /** Renewal period while holding (default 2000). */
  renewMs: number;
  /** How often a standby instance asks for the lease (default 1000). */
  standbyPollMs: number;
  /** After being kicked, how long every instance leaves the connection to the other holder (default 5 min). */
  kickedStandbyMs: number;
  /** An answer ready within this goes out as one finished stream frame; later ones get "正在查询…" first (default 1000). */
  fastAnswerMs: number;
  /** A connection authenticated this long resets the backoff (default 10000). */
  stableMs: number;
}

export const WECOM_WS_TIMINGS: WecomWsTimings = {
  heartbeatMs: 30_000,
  authTimeoutMs: 10_000,
  backoffBaseMs: 1000,
  backoffMaxMs: 30_000,
  leaseMs: 8000,
  renewMs: 2000,
  standbyPollMs: 1000,
  kickedStandbyMs: 5 * 60_000,
  fastAnswerMs: 1000,
  stableMs: 10_000,
};

export interface WecomWsOptions {
  botId: string;
  secret: string;
  url: string;
  inbox: Inbox;
  store: Store;
  logger: Logger;
  tasks: BackgroundTasks;
  /** This process, in the lease (hostname:pid:random). */
  instanceId: string;
  timings?: Partial<WecomWsTimings>;
  now?: Now;
  /** Downloads and decrypts the images of messages (each URL with its own aeskey). */
  media?: WecomMedia;
}

type SessionEnd = 'closed' | 'kicked' | 'lease-lost' | 'auth-timeout' | 'stopped';

const KICKED_OWNER = 'standby-after-kick';

export class WecomLongConnection extends LongConnection implements WecomLink {
  readonly name = 'wecom-ws';
  private readonly t: WecomWsTimings;
  private readonly leaseName: string;
  private client: WSClient | undefined;
  private authenticated = false;
  private authenticatedAt: number | undefined;
  private endSession: ((end: SessionEnd) => void) | undefined;
  /** Streams already finished: a late "正在查询…" must never follow the answer. */
  private readonly finished = new Set<string>();

  constructor(private readonly o: WecomWsOptions) {
    const t = { ...WECOM_WS_TIMINGS, ...o.timings };
    super({ logger: o.logger, ...(o.now ? { now: o.now } : {}), backoff: { baseMs: t.backoffBaseMs, maxMs: t.backoffMaxMs } });
    this.t = t;
    this.leaseName = `wecom-ws:${o.botId}`;
  }

  get ready(): boolean {
    return this.authenticated && this.client?.isConnected === true;
  }

  protected endForStop(): void {
    this.endSession?.('stopped');
  }

  // ---- the loop -------------------------------------------------------------------------------

  protected async run(): Promise<void> {
    while (!this.stopped) {
      const lease = await this.takeLease();
      if (this.stopped) break;
      if (lease !== true) {
        this.setState('standby', lease);
        await this.sleep(this.t.standbyPollMs);
        continue;
      }
      this.setState('connecting', this.backoff.attempts > 0 ? `reconnect attempt ${this.backoff.attempts}` : undefined);
      this.authenticatedAt = undefined;
      const end = await this.session();
      if (end === 'stopped') break;
      if (this.authenticatedAt !== undefined && Date.now() - this.authenticatedAt >= this.t.stableMs) this.backoff.reset();
      if (end === 'kicked') {
        await this.standAsideAfterKick();
        continue;
      }
      if (end === 'lease-lost') continue;
      const delay = this.backoff.next();
      this.setState('failing', `${end}; next attempt in ${delay} ms`);
      await this.sleep(delay);
    }
    await this.releaseLease();
  }

  /** true, or why this instance stands by. */
  private async takeLease(): Promise<true | string> {
    try {
      return (await this.o.store.holdLease(this.leaseName, this.o.instanceId, this.t.leaseMs)) ? true : 'another instance holds the connection';
    } catch (err) {
      if (err instanceof StoreUnavailableError) return 'store unavailable: cannot take the connection lease';
      throw err;
    }
  }

  private async releaseLease(): Promise<void> {
    try {
      await this.o.store.releaseLease(this.leaseName, this.o.instanceId);
    } catch (err) {
      this.o.logger.warn({ err: err instanceof Error ? err.message : String(err), transport: this.name }, 'lease not released (expires by itself)');
    }
  }

  private async standAsideAfterKick(): Promise<void> {
    longConnections.inc({ transport: this.name, event: 'kicked' });
    this.o.logger.warn(
      { transport: this.name, standbyMs: this.t.kickedStandbyMs },
      'kicked: another connection for this bot was opened (WeCom allows one); standing by instead of taking it back',
    );
    // Every instance leaves the connection alone for a while: the lease is parked under a name no instance owns.
    await this.releaseLease();
    try {
      await this.o.store.holdLease(this.leaseName, KICKED_OWNER, this.t.kickedStandbyMs);
    } catch {
      // Store down: this instance still waits below.
    }
    this.setState('standby', 'kicked by another connection for this bot');
    await this.sleep(this.t.kickedStandbyMs);
  }

  /** One connection, from dialing to its end. */
  private async session(): Promise<SessionEnd> {
    const { WSClient } = await import('@wecom/aibot-node-sdk');
    return new Promise<SessionEnd>((resolve) => {
      let ended = false;
      let kicked = false;
      const timers: NodeJS.Timeout[] = [];
      const client = new WSClient({
        botId: this.o.botId,
        secret: this.o.secret,
        wsUrl: this.o.url,
        heartbeatInterval: this.t.heartbeatMs,
        // Our loop reconnects; the SDK's own reconnect would give up after 10 tries.
        maxReconnectAttempts: 0,
        maxAuthFailureAttempts: 0,
        wsOptions: { handshakeTimeout: this.t.authTimeoutMs },
        logger: sdkLogger(this.o.logger),
      });
      this.client = client;
      const finish = (end: SessionEnd): void => {
        if (ended) return;
        ended = true;
        for (const t of timers) clearTimeout(t);
        this.authenticated = false;
        this.endSession = undefined;
        client.removeAllListeners();
        client.on('error', () => undefined);
        if (end !== 'closed' && end !== 'kicked') client.disconnect();
        if (this.client === client) this.client = undefined;
        longConnections.inc({ transport: this.name, event: 'closed' });
        resolve(end);
      };
      this.endSession = finish;
      client.on('authenticated', () => {
        this.authenticated = true;
        this.authenticatedAt = Date.now();
        longConnections.inc({ transport: this.name, event: 'connected' });
        this.setState('connected');
        clearTimeout(timers[0]);
        timers.push(setInterval(() => void this.renew(finish), this.t.renewMs));
      });
      client.on('disconnected', (reason: string) => {
        this.o.logger.info({ transport: this.name, reason: kicked ? 'kicked' : reason.slice(0, 120) }, 'long connection closed');
        finish(kicked ? 'kicked' : 'closed');
      });
      client.on('error', (err: Error) => {
        // Auth failures, refused sockets and the SDK's "gave up" notice: the close that follows ends the session.
        this.o.logger.debug({ transport: this.name, err: err.message.slice(0, 200) }, 'long connection error');
        if (/Authentication failed/.test(err.message)) this.noteDetail('authentication failed: check WECOM_BOT_ID / WECOM_BOT_SECRET');
      });
      client.on('event.disconnected_event', () => {
        kicked = true;
      });
      client.on('message', (frame: WsFrame) => this.onFrame(frame));
      client.on('event', (frame: WsFrame) => this.onFrame(frame));
      timers.push(setTimeout(() => finish('auth-timeout'), this.t.authTimeoutMs + 1000));
      client.connect();
    });
  }

  private async renew(finish: (end: SessionEnd) => void): Promise<void> {
    try {
      if (!(await this.o.store.holdLease(this.leaseName, this.o.instanceId, this.t.leaseMs))) {
        this.o.logger.warn({ transport: this.name }, 'connection lease lost: closing so that one instance holds the connection');
        finish('lease-lost');
      }
    } catch (err) {
      // The store is down: nobody else can take the lease either, so keep serving.
      if (!(err instanceof StoreUnavailableError)) this.o.logger.warn({ err, transport: this.name }, 'lease renewal failed');
    }
  }

  // ---- inbound frames -------------------------------------------------------------------------

  private onFrame(frame: WsFrame): void {
    const reqId = frame.headers?.req_id;
    if (typeof reqId !== 'string' || reqId === '') return;
    const decoded = decodeAibot(frame.body, this.now());
    switch (decoded.kind) {
      case 'invalid':
        this.o.logger.warn({ transport: this.name, why: decoded.why }, 'frame dropped');
        return;
      case 'ignored':
      case 'stream-refresh':
        return;
      case 'event':
        return this.onEvent(reqId, decoded.event);
      case 'message': {
        if (this.paused) return; // shutting down: WeCom redelivers what is not answered
        const streamId = newStreamId();
        const attachments = this.o.media?.attachments(decoded.extra.images) ?? [];
        const message: IncomingMessage = {
          ...decoded.message,
          ...(attachments.length > 0 ? { attachments } : {}),
          replyVia: { kind: 'wecom-ws', reqId, streamId, chatId: decoded.message.conversationId },
        };
        this.o.tasks.run('wecom-ws-message', () => this.answer(message, reqId, streamId));
        return;
      }
    }
  }

  private onEvent(reqId: string, event: AibotEvent): void {
    switch (event.event) {
      case 'enter_chat': {
        const client = this.client;
        if (!client || this.paused) return;
        // Must go out within 5 s of the event, on its req_id.
        client.replyWelcome({ headers: { req_id: reqId } }, { msgtype: 'text', text: { content: WELCOME_TEXT } }).catch((err: unknown) => {
          this.o.logger.warn({ transport: this.name, ...wecomFailure(err) }, 'welcome not sent');
        });
        return;
      }
      case 'feedback':
        feedbackEvents.inc({ platform: 'wecom', feedback: event.feedback });
        return;
      case 'disconnected':
      case 'other':
        return;
    }
  }

  private async answer(message: IncomingMessage, reqId: string, streamId: string): Promise<void> {
    const pending = this.o.inbox.receive(message);
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), this.t.fastAnswerMs);
    });
    const first = await Promise.race([pending.then((o): InboxOutcome => o), slow]).finally(() => clearTimeout(timer));
    if (first === 'slow') {
      // The user sees "正在查询…" at once; the push service finishes the same stream with the answer.
      await this.replyStream(reqId, streamId, PENDING_TEXT, false);
      await pending;
    }
  }

  // ---- WecomLink: what the push service sends through -----------------------------------------

  async replyStream(reqId: string, streamId: string, content: string, finish: boolean): Promise<SendResult> {
    if (this.finished.has(streamId)) return { ok: true };
    if (finish) this.remember(streamId);
    const client = this.client;
    if (!client || !this.ready) return { ok: false, meaning: 'long connection not up', reason: 'no_link' };
    try {
      await client.replyStream({ headers: { req_id: reqId } }, streamId, content, finish);
      return { ok: true };
    } catch (err) {
      return wecomFailure(err);
    }
  }

  async sendMarkdown(chatId: string, content: string): Promise<SendResult> {
    const client = this.client;
    if (!client || !this.ready) return { ok: false, meaning: 'long connection not up', reason: 'no_link' };
    try {
      await client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content } });
      return { ok: true };
    } catch (err) {
      return wecomFailure(err);
    }
  }

  private remember(streamId: string): void {
    if (this.finished.size >= 10_000) this.finished.clear();
    this.finished.add(streamId);
  }
}

/** The SDK logs with console by default; route it to ours, without its debug lines (they carry message bodies). */
function sdkLogger(logger: Logger): { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void } {
  const child = logger.child({ sdk: '@wecom/aibot-node-sdk' });
  return {
    debug: () => undefined,
    info: (m) => child.debug(m.slice(0, 200)),
    warn: (m) => child.info(m.slice(0, 200)),
    error: (m) => child.info(m.slice(0, 200)),
  };
}
