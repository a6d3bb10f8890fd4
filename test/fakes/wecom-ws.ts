// A local fake of the WeCom AI bot long-connection server (wss://openws.work.weixin.qq.com), as
// the official SDK (@wecom/aibot-node-sdk 1.0.7) and the docs describe it: the client sends
// `aibot_subscribe` {bot_id, secret} and gets `{headers:{req_id}, errcode:0}`; `ping` is answered
// the same way; messages are pushed as `aibot_msg_callback` / `aibot_event_callback` with a req_id
// the replies (`aibot_respond_msg`, `aibot_respond_welcome_msg`) reuse; `aibot_send_msg` sends
// proactively. One connection per bot: a newer one gets the older one a `disconnected_event` and
// closes it. `down()` / `up()` take the listening socket away and back on the same port.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServer, until } from '../support/wait.js';

export interface ClientFrame {
  cmd: string;
  headers: { req_id: string };
  body?: Record<string, unknown> & { stream?: { id: string; finish: boolean; content: string }; markdown?: { content: string }; chatid?: string };
}

interface Conn {
  socket: WebSocket;
  botId?: string;
  authenticated: boolean;
}

export interface FakeWecomWs {
  url: string;
  /** Client frames other than ping and subscribe, in arrival order. */
  frames: ClientFrame[];
  /** Successful subscriptions so far. */
  readonly authentications: number;
  /** Authenticated sockets open now. */
  openConnections(): number;
  /** Pushes a message callback to the bot's current connection; returns its req_id. */
  push(body: Record<string, unknown>, cmd?: 'aibot_msg_callback' | 'aibot_event_callback', reqId?: string): string;
  /** Ends every socket abruptly (a network drop). */
  dropAll(): void;
  /** Stop answering pings (a half-dead link). */
  mute(on: boolean): void;
  down(): Promise<void>;
  up(): Promise<void>;
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface FakeWecomOptions {
  botId: string;
  secret: string;
}

export async function startFakeWecomWs(options: FakeWecomOptions): Promise<FakeWecomWs> {
  const frames: ClientFrame[] = [];
  const conns = new Set<Conn>();
  let authentications = 0;
  let muted = false;
  let port = 0;
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;

  const listen = async (): Promise<void> => {
    server = createServer((_req, res) => {
      res.writeHead(426);
      res.end();
    });
    wss = new WebSocketServer({ server });
    wss.on('connection', (socket) => {
      const conn: Conn = { socket, authenticated: false };
      conns.add(conn);
      socket.on('close', () => conns.delete(conn));
      socket.on('message', (data) => onFrame(conn, String(data)));
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };

  const answer = (conn: Conn, reqId: string, errcode = 0, errmsg = 'ok'): void => {
    conn.socket.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));
  };

  const onFrame = (conn: Conn, text: string): void => {
    let frame: ClientFrame;
    try {
      frame = JSON.parse(text) as ClientFrame;
    } catch {
      return;
    }
    const reqId = frame.headers?.req_id ?? '';
    if (frame.cmd === 'aibot_subscribe') {
      const body = frame.body ?? {};
      if (body.bot_id !== options.botId || body.secret !== options.secret) {
        answer(conn, reqId, 40001, 'invalid bot_id or secret');
        return;
      }
      // One connection per bot: the older one is told and closed.
      for (const other of conns) {
        if (other !== conn && other.authenticated && other.botId === options.botId) {
          other.socket.send(
            JSON.stringify({
              cmd: 'aibot_event_callback',
              headers: { req_id: randomUUID() },
              body: { msgid: randomUUID(), msgtype: 'event', create_time: Date.now(), aibotid: options.botId, from: { userid: '' }, event: { eventtype: 'disconnected_event' } },
            }),
          );
          other.authenticated = false;
          setTimeout(() => other.socket.close(), 50);
        }
      }
      conn.authenticated = true;
      conn.botId = options.botId;
      authentications += 1;
      answer(conn, reqId);
      return;
    }
    if (frame.cmd === 'ping') {
      if (!muted) answer(conn, reqId);
      return;
    }
    if (!conn.authenticated) {
      answer(conn, reqId, 40003, 'not subscribed');
      return;
    }
    frames.push(frame);
    answer(conn, reqId);
  };

  await listen();

  const current = (): Conn | undefined => [...conns].reverse().find((c) => c.authenticated);

  return {
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    frames,
    get authentications() {
      return authentications;
    },
    openConnections: () => [...conns].filter((c) => c.authenticated).length,
    push(body, cmd = 'aibot_msg_callback', reqId = randomUUID()) {
      const conn = current();
      if (!conn) throw new Error('no authenticated connection to push to');
      conn.socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
      return reqId;
    },
    dropAll() {
      for (const c of conns) c.socket.terminate();
    },
    mute(on) {
      muted = on;
    },
    async down() {
      for (const c of conns) c.socket.terminate();
      await new Promise<void>((resolve) => wss?.close(() => resolve()));
      await closeServer(server);
    },
    async up() {
      await listen();
    },
    waitFor: (what, check, timeoutMs = 10_000) => until(what, check, { timeoutMs, everyMs: 25 }),
    async close() {
      for (const c of conns) c.socket.terminate();
      await new Promise<void>((resolve) => wss?.close(() => resolve()));
      await closeServer(server);
    },
  };
}

/** A text message body as WeCom pushes it (group when chatid is given). */
export function wecomTextBody(o: { msgid: string; userid: string; content: string; chatid?: string }): Record<string, unknown> {
  return {
    msgid: o.msgid,
    aibotid: 'fake-bot',
    ...(o.chatid ? { chatid: o.chatid, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: o.userid },
    create_time: Date.now(),
    msgtype: 'text',
    text: { content: o.content },
  };
}
