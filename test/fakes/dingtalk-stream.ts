// A local fake of DingTalk Stream mode as the docs and the official SDK (dingtalk-stream 2.1.5)
// describe it: `POST /v1.0/gateway/connections/open` {clientId, clientSecret, subscriptions}
// answers {endpoint, ticket}; the client opens `${endpoint}?ticket=…` (each ticket once); robot
// messages are CALLBACK frames on topic /v1.0/im/bot/messages/get whose `data` is the HTTP
// callback JSON; the client acks each with {code:200, headers:{messageId}}; SYSTEM ping frames
// must be answered. The gateway shares an HTTP fake with the session webhook and OpenAPI (the
// `http` fake), while the WebSocket listens on its own port so that it can go down alone.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startFake, type FakeServer } from '../platforms/support.js';
import { closeServer, until } from '../support/wait.js';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface FakeDingtalkStream {
  /** Gateway, session webhooks and OpenAPI: DINGTALK_API_BASE and DINGTALK_OAPI_BASE. */
  http: FakeServer;
  gatewayCalls(): number;
  openConnections(): number;
  /** Every socket the fake accepted so far. */
  readonly accepted: number;
  /** Acks received, by messageId. */
  acks: string[];
  /** Sends a robot message on one open connection (the newest); returns the frame's messageId. */
  push(data: Record<string, unknown>, messageId?: string): string;
  /** Sends the same robot message on every open connection (as a redelivery to another instance would). */
  pushEach(data: Record<string, unknown>): number;
  /** Sends a SYSTEM frame (ping / disconnect) on every connection. */
  system(topic: 'ping' | 'disconnect'): void;
  pongs(): number;
  /** Stop answering WebSocket pings (a half-dead link). */
  mute(on: boolean): void;
  dropAll(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeDingtalkStream(credentials: { clientId: string; clientSecret: string }): Promise<FakeDingtalkStream> {
  const http = await startFake();
  const sockets = new Set<WebSocket>();
  const tickets = new Set<string>();
  const acks: string[] = [];
  let pongs = 0;
  let muted = false;
  let accepted = 0;
  let port = 0;
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;

  const listen = async (): Promise<void> => {
    server = createServer((_req, res) => {
      res.writeHead(426);
      res.end();
    });
    // Pongs by hand, so that mute() can play a half-dead link.
    wss = new WebSocketServer({ noServer: true, autoPong: false });
    server.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '/', 'http://fake').searchParams.get('ticket') ?? '';
      if (!tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      wss?.handleUpgrade(req, socket, head, (ws) => {
        accepted += 1;
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        ws.on('ping', (data) => {
          if (!muted) ws.pong(data);
        });
        ws.on('message', (data) => {
          let frame: { code?: number; headers?: Record<string, unknown> };
          try {
            frame = JSON.parse(String(data)) as typeof frame;
          } catch {
            return;
          }
          const id = frame.headers?.messageId;
          if (frame.headers?.topic === 'ping') pongs += 1;
          else if (frame.code === 200 && typeof id === 'string') acks.push(id);
        });
      });
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await listen();

  http.respond((req) => {
    if (req.path !== '/v1.0/gateway/connections/open') return undefined;
    const body = req.json as { clientId?: string; clientSecret?: string; subscriptions?: Array<{ type: string; topic: string }> } | undefined;
    if (body?.clientId !== credentials.clientId || body.clientSecret !== credentials.clientSecret) {
      return { status: 401, body: { code: 'InvalidAuthentication', message: 'bad client' } };
    }
    if (!body.subscriptions?.some((s) => s.type === 'CALLBACK' && s.topic === TOPIC_ROBOT)) return { status: 400, body: { code: 'MissingSubscription' } };
    const ticket = randomUUID();
    tickets.add(ticket);
    return { body: { endpoint: `ws://127.0.0.1:${port}/connect`, ticket } };
  });

  const frame = (type: string, topic: string, data: string, messageId: string = randomUUID()): string =>
    JSON.stringify({ specVersion: '1.0', type, headers: { topic, messageId, contentType: 'application/json', time: String(Date.now()) }, data });

  return {
    http,
    gatewayCalls: () => http.on('/v1.0/gateway/connections/open').length,
    openConnections: () => [...sockets].filter((s) => s.readyState === s.OPEN).length,
    get accepted() {
      return accepted;
    },
    acks,
    push(data, messageId: string = randomUUID()) {
      const open = [...sockets].filter((s) => s.readyState === s.OPEN);
      const socket = open[open.length - 1];
      if (!socket) throw new Error('no open stream connection');
      socket.send(frame('CALLBACK', TOPIC_ROBOT, JSON.stringify(data), messageId));
      return messageId;
    },
    pushEach(data) {
      const open = [...sockets].filter((s) => s.readyState === s.OPEN);
      for (const socket of open) socket.send(frame('CALLBACK', TOPIC_ROBOT, JSON.stringify(data)));
      return open.length;
    },
    system(topic) {
      for (const s of sockets) s.send(frame('SYSTEM', topic, JSON.stringify({ opaque: randomUUID() })));
    },
    pongs: () => pongs,
    mute(on) {
      muted = on;
    },
    dropAll() {
      for (const s of sockets) s.terminate();
    },
    async down() {
      for (const s of sockets) s.terminate();
      await closeServer(server);
    },
    async up() {
      await listen();
    },
    waitFor: (what, check, timeoutMs = 10_000) => until(what, check, { timeoutMs, everyMs: 25 }),
    async close() {
      for (const s of sockets) s.terminate();
      await closeServer(server);
      await http.close();
    },
  };
}
