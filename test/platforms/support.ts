// Test support for the platform layer: local fake servers standing in for WeCom and DingTalk,
// the real Koa app on an ephemeral port, callbacks built the way the platforms build them, and a
// logger that keeps every line so tests can check that no secret or message text is logged.
import { createServer, type IncomingMessage as NodeRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { pino } from 'pino';
import type { Logger } from '../../src/log.js';
import { createApp, type RouteModule } from '../../src/server.js';
import { dingtalkSign } from '../../src/platforms/dingtalk/sign.js';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: NodeRequest['headers'];
  text: string;
  json: unknown;
}

/** `raw`: answer these bytes as they are (media downloads) instead of JSON `body`. */
export type FakeResponder = (req: Recorded) => { status?: number; body: unknown; delayMs?: number; raw?: Buffer } | undefined;

export interface FakeServer {
  url: string;
  requests: Recorded[];
  /** Requests whose path starts with `prefix`. */
  on(prefix: string): Recorded[];
  /** Replace the default answers; return undefined to fall back to them. */
  respond(responder: FakeResponder | undefined): void;
  /** Adds answers tried before the `respond` one (a test's media files beside a fake's own routes). */
  respondAlso(responder: FakeResponder): void;
  /** Resolves when at least `n` requests matching `prefix` arrived (or rejects after timeoutMs). */
  waitFor(prefix: string, n: number, timeoutMs?: number): Promise<Recorded[]>;
  close(): Promise<void>;
}

/** Default answers: WeCom and DingTalk webhooks {errcode:0}; OpenAPI token and sends. */
function defaultAnswer(req: Recorded): { status: number; body: unknown } {
  if (req.path === '/v1.0/oauth2/accessToken') return { status: 200, body: { accessToken: 'fake-access-token', expireIn: 7200 } };
  if (req.path.startsWith('/v1.0/robot/')) return { status: 200, body: { processQueryKey: 'pqk' } };
  return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
}

export async function startFake(): Promise<FakeServer> {
  const requests: Recorded[] = [];
  let responder: FakeResponder | undefined;
  const extra: FakeResponder[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      let json: unknown;
      try {
        json = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        json = undefined;
      }
      const rec: Recorded = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, text, json };
      requests.push(rec);
      for (const w of waiters.splice(0)) w();
      let answer = defaultAnswer(rec) as ReturnType<FakeResponder> & object;
      const found = extra.map((r) => r(rec)).find((a) => a !== undefined) ?? responder?.(rec);
      if (found) answer = found;
      const send = (): void => {
        const raw = 'raw' in answer ? answer.raw : undefined;
        if (raw) {
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/octet-stream' });
          res.end(raw);
          return;
        }
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      };
      const delay = 'delayMs' in answer ? answer.delayMs : undefined;
      if (delay) setTimeout(send, delay);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const on = (prefix: string): Recorded[] => requests.filter((r) => r.path.startsWith(prefix));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on,
    respond(r) {
      responder = r;
    },
    respondAlso(r) {
      extra.push(r);
    },
    async waitFor(prefix, n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (on(prefix).length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} requests to ${prefix}, got ${on(prefix).length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 50));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return on(prefix);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** The real Koa app from src/server.ts with the given modules, on an ephemeral loopback port. */
export async function startApp(modules: readonly RouteModule[], logger: Logger): Promise<RunningApp> {
  const app = createApp({ logger, modules });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
  text(): string;
}

/** A pino logger at debug level that keeps every line. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  return { logger, lines, text: () => lines.join('') };
}

// ---------------------------------------------------------------- WeCom callbacks

export interface WecomSecrets {
  token: string;
  aesKey: string;
  receiveId: string;
}

export function randomAesKey(): string {
  return randomBytes(32).toString('base64').slice(0, 43);
}

export interface SignedQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

/** Encrypts and signs `plaintext` as WeCom does; returns the ciphertext and query. */
export function sealWecom(s: WecomSecrets, plaintext: string, at: Date = new Date()): { encrypted: string; query: SignedQuery } {
  const encrypted = encrypt(s.aesKey, plaintext, s.receiveId);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return { encrypted, query: { msg_signature: getSignature(s.token, timestamp, nonce, encrypted), timestamp, nonce } };
}

export function queryString(q: Record<string, string>): string {
  return Object.entries(q)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** An AI bot callback: `POST /wecom?…` with body {"encrypt": …}. */
export function aibotCallback(s: WecomSecrets, message: unknown, at?: Date): { path: string; body: string; query: SignedQuery } {
  const { encrypted, query } = sealWecom(s, JSON.stringify(message), at);
  return { path: `/wecom?${queryString({ ...query })}`, body: JSON.stringify({ encrypt: encrypted }), query };
}

/** A legacy group robot callback: `POST /wecom?…` with an XML body holding <Encrypt>. */
export function legacyCallback(s: WecomSecrets, xml: string, at?: Date): { path: string; body: string } {
  const { encrypted, query } = sealWecom(s, xml, at);
  const body = `<xml><ToUserName><![CDATA[${s.receiveId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>`;
  return { path: `/wecom?${queryString({ ...query })}`, body };
}

export function legacyTextXml(o: { chatId: string; userId: string; name: string; content: string; msgId: string; webhookUrl: string }): string {
  return (
    `<xml><WebhookUrl><![CDATA[${o.webhookUrl}]]></WebhookUrl><ChatId><![CDATA[${o.chatId}]]></ChatId>` +
    `<ChatType>group</ChatType><From><UserId>${o.userId}</UserId><Name><![CDATA[${o.name}]]></Name><Alias><![CDATA[${o.userId}]]></Alias></From>` +
    `<GetChatInfoUrl><![CDATA[https://qyapi.weixin.qq.com/cgi-bin/webhook/get_chat_info?code=x]]></GetChatInfoUrl>` +
    `<MsgType>text</MsgType><Text><Content><![CDATA[${o.content}]]></Content></Text><MsgId>${o.msgId}</MsgId></xml>`
  );
}

export function aibotText(o: { msgid: string; chatid?: string; userid: string; content: string }): Record<string, unknown> {
  return {
    msgid: o.msgid,
    aibotid: 'AIBOTID',
    ...(o.chatid ? { chatid: o.chatid, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: o.userid },
    response_url: 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=x',
    msgtype: 'text',
    text: { content: o.content },
  };
}

// ---------------------------------------------------------------- DingTalk callbacks

export interface DingtalkHeaders extends Record<string, string> {
  timestamp: string;
  sign: string;
}

let lastStamp = 0;

/**
 * Signed headers as DingTalk sends them. Without `at`, each call gets its own millisecond (a
 * strictly increasing clock): the server accepts one (timestamp, sign) pair for one msgId only.
 */
export function dingtalkHeaders(appSecret: string, at?: Date): DingtalkHeaders {
  const ms = at ? at.getTime() : (lastStamp = Math.max(Date.now(), lastStamp + 1));
  const timestamp = String(ms);
  return { timestamp, sign: dingtalkSign(appSecret, timestamp), 'content-type': 'application/json; charset=utf-8' };
}

export function dingtalkText(o: {
  msgId: string;
  content: string;
  conversationId?: string;
  staffId?: string;
  expiresAt?: number;
  sessionHost?: string;
  conversationType?: '1' | '2';
}): Record<string, unknown> {
  const now = Date.now();
  return {
    conversationId: o.conversationId ?? 'cidGroup1==',
    atUsers: [{ dingtalkId: '$:LWCP_v1:$robot' }],
    chatbotCorpId: 'dingcorp',
    chatbotUserId: '$:LWCP_v1:$robot',
    msgId: o.msgId,
    senderNick: '张三',
    isAdmin: false,
    ...(o.staffId ? { senderStaffId: o.staffId } : {}),
    sessionWebhookExpiredTime: o.expiresAt ?? now + 90 * 60_000,
    createAt: now,
    senderCorpId: 'dingcorp',
    conversationType: o.conversationType ?? '2',
    senderId: '$:LWCP_v1:$sender',
    conversationTitle: '第一党支部',
    isInAtList: true,
    sessionWebhook: `${o.sessionHost ?? 'https://oapi.dingtalk.com'}/robot/sendBySession?session=sess-${o.msgId}`,
    text: { content: ` ${o.content}` },
    robotCode: 'dingrobot',
    msgtype: 'text',
  };
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}
