// DingTalk Stream mode: the bot asks the gateway for a ticket (POST /v1.0/gateway/connections/open),
// opens a WebSocket to the endpoint it names and receives robot messages as CALLBACK frames on
// topic /v1.0/im/bot/messages/get (the same JSON as the HTTP callback), so no public URL is needed.
//
// Why not the official `dingtalk-stream` SDK (2.1.5, read as the reference for the frames below):
// its gateway URL is a constant (no local fake, so no honest test), keepAlive is off by default (a
// dead link goes unnoticed), its `error` and `close` paths both schedule a reconnect, so when the
// gateway answers but the socket is refused the loops double every second (63 gateway calls in
// 6 s against a local fake, several parallel sockets), and `disconnect()` cannot cancel a reconnect
// already scheduled. The protocol is small; here it is with one loop, backoff with jitter, a
// heartbeat, and a clean close.
//
// Every instance may connect (DingTalk spreads pushes over an app's connections); a message
// delivered twice is answered once thanks to the bot's dedupe on msgId. A robot message is acked
// only once it is handled, so one lost in a crash is delivered again.
import WebSocket, { type RawData } from 'ws';
import { type Now } from '../../time.js';
import { z } from 'zod';
import type { IncomingMessage } from '../../bot/message.js';
import type { Inbox } from '../../inbox.js';
import type { Logger } from '../../log.js';
import { longConnections } from '../../metrics.js';
import type { BackgroundTasks } from '../../tasks.js';
import { LongConnection } from '../backoff.js';
import { parseJsonText } from '../decode.js';
import { isRecord, postJson } from '../http.js';
import { decodeDingtalk, dingtalkReplyVia } from './decode.js';
import { withPictures, type DingtalkMedia } from './media.js';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface DingtalkStreamTimings {
  /** WebSocket ping period; a ping unanswered by the next one drops the socket (default 10000). */
  heartbeatMs: number;
  /** Gateway call and WebSocket handshake, each (default 10000). */
  connectTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A connection that stayed up this long resets the backoff (default 10000). */
  stableMs: number;
}

export const DINGTALK_STREAM_TIMINGS: DingtalkStreamTimings = {
  heartbeatMs: 10_000,
  connectTimeoutMs: 10_000,
  backoffBaseMs: 1000,
  backoffMaxMs: 30_000,
  stableMs: 10_000,
};

export interface DingtalkStreamOptions {
  clientId: string;
  clientSecret: string;
  /** DINGTALK_API_BASE: the gateway is `${apiBase}/v1.0/gateway/connections/open`. */
  apiBase: string;
  inbox: Inbox;
  logger: Logger;
  tasks: BackgroundTasks;
  timings?: Partial<DingtalkStreamTimings>;
  now?: Now;
  /** Downloads the pictures of messages (robot message file API). */
  media?: DingtalkMedia;
}

const downstream = z.object({
  specVersion: z.string().optional(),
  type: z.string(),
  headers: z.record(z.string(), z.unknown()).default({}),
  data: z.string().optional(),
});

type Downstream = z.output<typeof downstream>;

type Ticket = { ok: true; url: string } | { ok: false; why: string };

export class DingtalkStream extends LongConnection {
  readonly name = 'dingtalk-stream';
  private readonly t: DingtalkStreamTimings;
  private socket: WebSocket | undefined;

  constructor(private readonly o: DingtalkStreamOptions) {
    const t = { ...DINGTALK_STREAM_TIMINGS, ...o.timings };
    super({ logger: o.logger, ...(o.now ? { now: o.now } : {}), backoff: { baseMs: t.backoffBaseMs, maxMs: t.backoffMaxMs } });
    this.t = t;
  }

  protected endForStop(): void {
    this.socket?.close(1000, 'shutting down');
  }

  protected async run(): Promise<void> {
    while (!this.stopped) {
      this.setState('connecting', this.backoff.attempts > 0 ? `reconnect attempt ${this.backoff.attempts}` : undefined);
      const ticket = await this.openTicket();
      if (this.stopped) break;
      let why: string;
      if (ticket.ok) {
        const session = await this.session(ticket.url);
        if (this.stopped) break;
        if (session.stableFor >= this.t.stableMs) this.backoff.reset();
        why = session.why;
      } else {
        why = ticket.why;
      }
      const delay = this.backoff.next();
      this.setState('failing', `${why}; next attempt in ${delay} ms`);
      await this.sleep(delay);
    }
  }

  /** One gateway call: a ticket for one connection (valid 90 s). */
  private async openTicket(): Promise<Ticket> {
    longConnections.inc({ transport: this.name, event: 'gateway_call' });
    const outcome = await postJson(
      `${this.o.apiBase.replace(/\/+$/, '')}/v1.0/gateway/connections/open`,
      {
        clientId: this.o.clientId,
        clientSecret: this.o.clientSecret,
        ua: 'dangjian-assistant',
        subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }],
      },
      // One call per attempt: the loop's backoff is the only retry.
      { timeoutMs: this.t.connectTimeoutMs, retries: 0, headers: { accept: 'application/json' } },
    );
    if (outcome.kind === 'network') {
      longConnections.inc({ transport: this.name, event: 'gateway_failed' });
      return { ok: false, why: `gateway ${outcome.reason}` };
    }
    const body = outcome.body;
    if (outcome.status === 200 && isRecord(body) && typeof body.endpoint === 'string' && typeof body.ticket === 'string') {
      try {
        const url = new URL(body.endpoint);
        if (url.protocol !== 'wss:' && url.protocol !== 'ws:') throw new Error('not a WebSocket URL');
        url.searchParams.set('ticket', body.ticket);
        return { ok: true, url: url.toString() };
      } catch {
        longConnections.inc({ transport: this.name, event: 'gateway_failed' });
        return { ok: false, why: 'gateway answered an unusable endpoint' };
      }
    }
    longConnections.inc({ transport: this.name, event: 'gateway_failed' });
    const code = isRecord(body) && typeof body.code === 'string' && /^[A-Za-z0-9._-]{1,80}$/.test(body.code) ? ` (${body.code})` : '';
    const hint = outcome.status === 401 || outcome.status === 403 || /auth|clientId|secret/i.test(code) ? ': check DINGTALK_APP_KEY / DINGTALK_APP_SECRET' : '';
    return { ok: false, why: `gateway refused ${outcome.status}${code}${hint}` };
  }

  /** One WebSocket, from dialing to its close. */
  private session(url: string): Promise<{ why: string; stableFor: number }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(url, { handshakeTimeout: this.t.connectTimeoutMs });
      this.socket = socket;
      let openedAt: number | undefined;
      let alive = true;
      let heartbeat: NodeJS.Timeout | undefined;
      let why = 'socket closed';
      socket.on('open', () => {
        openedAt = Date.now();
        longConnections.inc({ transport: this.name, event: 'connected' });
        this.setState('connected');
        heartbeat = setInterval(() => {
          if (!alive) {
            why = 'heartbeat missed';
            this.o.logger.warn({ transport: this.name }, 'no pong within a heartbeat: dropping the socket');
            socket.terminate();
            return;
          }
          alive = false;
          socket.ping();
        }, this.t.heartbeatMs);
      });
      socket.on('pong', () => {
        alive = true;
      });
      socket.on('message', (data: RawData) => {
        alive = true;
        this.onFrame(socket, data);
      });
      socket.on('error', (err: Error) => {
        why = `socket error: ${err.message.slice(0, 120)}`;
      });
      socket.on('close', (code: number) => {
        clearInterval(heartbeat);
        if (this.socket === socket) this.socket = undefined;
        if (openedAt !== undefined) {
          longConnections.inc({ transport: this.name, event: 'closed' });
          this.o.logger.info({ transport: this.name, code, why }, 'long connection closed');
        }
        resolve({ why: openedAt === undefined ? why : `${why} (code ${code})`, stableFor: openedAt === undefined ? 0 : Date.now() - openedAt });
      });
    });
  }

  private onFrame(socket: WebSocket, data: RawData): void {
    const parsed = downstream.safeParse(parseJsonText(rawText(data)));
    if (!parsed.success) {
      this.o.logger.warn({ transport: this.name }, 'frame dropped: not a stream frame');
      return;
    }
    const frame = parsed.data;
    const topic = typeof frame.headers.topic === 'string' ? frame.headers.topic : '';
    switch (frame.type) {
      case 'SYSTEM':
        if (topic === 'ping') send(socket, { code: 200, headers: frame.headers, message: 'OK', data: frame.data ?? '' });
        else if (topic === 'disconnect') {
          // The server closes this socket in about 10 s: move to a fresh ticket now.
          this.o.logger.info({ transport: this.name }, 'gateway announced a disconnect: reconnecting with a new ticket');
          socket.close(1000, 'disconnect announced');
        }
        return;
      case 'EVENT':
        this.ack(socket, frame, { status: 'SUCCESS' });
        return;
      case 'CALLBACK':
        // Acked once the message is handled (see onRobotMessage), never before: a frame acked and
        // then lost in a crash or a shutdown is not sent again. Other topics are not ours.
        if (topic === TOPIC_ROBOT) this.onRobotMessage(socket, frame);
        else this.ack(socket, frame, { response: null });
        return;
      default:
        return;
    }
  }

  private ack(socket: WebSocket, frame: Downstream, data: unknown): void {
    const messageId = frame.headers.messageId;
    if (typeof messageId !== 'string') return;
    send(socket, { code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify(data) });
  }

  /**
   * A robot message: acked after the bot has handled it (the dedupe claim is done and a report is
   * stored), before the answer goes out. Not acked while shutting down or when handling fails, so
   * DingTalk sends it again (to this or another connection) and the dedupe answers it once. A frame
   * that can never be a message (undecodable, ignored) is acked at once: redelivering it is useless.
   */
  private onRobotMessage(socket: WebSocket, frame: Downstream): void {
    if (this.paused) return;
    const json = parseJsonText(frame.data ?? '');
    const decoded = decodeDingtalk(json, this.now());
    if (decoded.kind === 'invalid') {
      this.o.logger.warn({ transport: this.name, why: decoded.why }, 'robot message dropped');
      this.ack(socket, frame, { response: null });
      return;
    }
    if (decoded.kind === 'ignored') {
      this.ack(socket, frame, { response: null });
      return;
    }
    const message: IncomingMessage = { ...withPictures(decoded.message, decoded.extra, this.o.media), replyVia: dingtalkReplyVia(decoded.message, decoded.extra) };
    const onHandled = (): void => this.ack(socket, frame, { response: null });
    this.o.tasks.run('dingtalk-stream-message', async () => void (await this.o.inbox.receive(message, { onHandled })));
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function send(socket: WebSocket, frame: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}
